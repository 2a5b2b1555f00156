import SwiftProtobuf

/// Stage 2 of the pipeline: turns protoc's descriptors into the generator's model, checking
/// every rule of options.proto and collecting a diagnostic (with its line and column) for each
/// violation instead of stopping at the first.
struct ModelBuilder {
    let descriptors: DescriptorSet
    /// Maps protoc's file names to the paths shown in diagnostics.
    let displayPath: (String) -> String
    private(set) var diagnostics: [Diagnostic] = []
    /// Swift names (qualified) of every object and enum in the set, by protobuf full name.
    private(set) var swiftNames: [String: String] = [:]
    private var locations: [String: SourceLocations] = [:]

    init(descriptors: DescriptorSet, displayPath: @escaping (String) -> String) {
        self.descriptors = descriptors
        self.displayPath = displayPath
        for file in descriptors.files { locations[file.name] = SourceLocations(file) }
        assignSwiftNames()
    }

    /// Builds the models of `files` (protoc names), or throws every diagnostic found.
    mutating func build(files: [String]) throws(CodegenError) -> [FileModel] {
        var models: [FileModel] = []
        for name in files {
            guard let file = descriptors.file(named: name) else { continue }
            let prefix = file.package.isEmpty ? "" : ".\(file.package)"
            let enums = file.enumType.enumerated().map { index, descriptor in
                enumModel(descriptor, fullName: "\(prefix).\(descriptor.name)", file: name, path: [5, Int32(index)])
            }
            var objects: [ObjectModel] = []
            for (index, message) in file.messageType.enumerated() {
                let fullName = "\(prefix).\(message.name)"
                if isObject(message) {
                    objects.append(objectModel(fullName: fullName))
                } else {
                    checkNoNestedObjects(in: message, fullName: fullName, file: name, path: [4, Int32(index)])
                }
            }
            models.append(FileModel(protoPath: name, enums: enums, objects: objects))
        }
        checkTypeNameCollisions(files: files)
        if !diagnostics.isEmpty { throw .diagnostics(diagnostics) }
        return models
    }

    // MARK: - Names

    func isObject(_ message: Google_Protobuf_DescriptorProto) -> Bool {
        message.options.getExtensionValue(ext: DatasetOptions.object) ?? false
    }

    private mutating func assignSwiftNames() {
        for (fullName, entry) in descriptors.messages where isObject(entry.descriptor) {
            let own = entry.descriptor.options.getExtensionValue(ext: DatasetOptions.swiftName) ?? entry.descriptor.name
            swiftNames[fullName] = qualified(own, parents: entry.parents)
        }
        for (fullName, entry) in descriptors.enums {
            swiftNames[fullName] = qualified(entry.descriptor.name, parents: entry.parents)
        }
    }

    private func qualified(_ name: String, parents: [String]) -> String {
        let parentNames = parents.map { parent in
            descriptors.messages[parent].map { $0.descriptor.options.getExtensionValue(ext: DatasetOptions.swiftName) ?? $0.descriptor.name } ?? parent
        }
        return (parentNames + [name]).joined(separator: ".")
    }

    // MARK: - Diagnostics

    mutating func report(_ message: String, file: String, path: [Int32]) {
        let position = locations[file]?.position(of: path) ?? (line: 0, column: 0)
        diagnostics.append(Diagnostic(file: displayPath(file), line: position.line, column: position.column, message: message))
    }

    func documentation(file: String, path: [Int32]) -> [String] {
        locations[file]?.comments(of: path) ?? []
    }

    // MARK: - Objects and enums

    private mutating func objectModel(fullName: String) -> ObjectModel {
        let entry = descriptors.messages[fullName]!
        let message = entry.descriptor
        let file = entry.file
        var properties: [PropertyModel] = []
        var swiftPropertyNames: [String: String] = [:]
        var inlineKinds: Set<String> = []
        for (index, field) in message.field.enumerated() {
            let path = entry.path + [2, Int32(index)]
            guard let property = propertyModel(field, in: message, file: file, path: path) else { continue }
            if let other = swiftPropertyNames[property.swiftName] {
                report("name collision: fields '\(other)' and '\(field.name)' of \(message.name) both become the Swift property '\(property.swiftName)'; rename one", file: file, path: path)
                continue
            }
            if Naming.reservedPropertyNames.contains(property.swiftName) {
                report("name collision: field '\(field.name)' becomes the Swift property '\(property.swiftName)', which every generated type already declares; rename it", file: file, path: path)
                continue
            }
            switch property.storage {
            case .inlineFields, .inlineMembers:
                let kind = property.storage == .inlineFields ? "fields" : "members"
                if !inlineKinds.insert(kind).inserted {
                    report("name collision: '\(field.name)' is a second inline map of \(kind) in \(message.name); a message can store its \(kind) in at most one inline map", file: file, path: path)
                    continue
                }
            default: break
            }
            swiftPropertyNames[property.swiftName] = field.name
            properties.append(property)
        }
        var nestedEnums: [EnumModel] = []
        for (index, nested) in message.enumType.enumerated() {
            nestedEnums.append(enumModel(nested, fullName: "\(fullName).\(nested.name)", file: file, path: entry.path + [4, Int32(index)]))
        }
        var nestedObjects: [ObjectModel] = []
        for (index, nested) in message.nestedType.enumerated() where !nested.options.mapEntry {
            let nestedName = "\(fullName).\(nested.name)"
            if isObject(nested) {
                nestedObjects.append(objectModel(fullName: nestedName))
            } else {
                checkNoNestedObjects(in: nested, fullName: nestedName, file: file, path: entry.path + [3, Int32(index)])
            }
        }
        let typeName = message.options.getExtensionValue(ext: DatasetOptions.typeName) ?? String(fullName.dropFirst())
        return ObjectModel(
            swiftName: message.options.getExtensionValue(ext: DatasetOptions.swiftName) ?? message.name,
            typeName: typeName,
            documentation: documentation(file: file, path: entry.path),
            properties: properties,
            nestedEnums: nestedEnums,
            nestedObjects: nestedObjects
        )
    }

    /// A message that is not an object cannot hold generated types: it is not generated itself.
    private mutating func checkNoNestedObjects(in message: Google_Protobuf_DescriptorProto, fullName: String, file: String, path: [Int32]) {
        for (index, nested) in message.nestedType.enumerated() {
            let nestedPath = path + [3, Int32(index)]
            if isObject(nested) {
                report("message \(nested.name) is marked (datasetsdk.v1.object) but its enclosing message \(message.name) is not; mark \(message.name) too or move \(nested.name) to the top level", file: file, path: nestedPath)
            } else {
                checkNoNestedObjects(in: nested, fullName: "\(fullName).\(nested.name)", file: file, path: nestedPath)
            }
        }
    }

    private mutating func enumModel(_ descriptor: Google_Protobuf_EnumDescriptorProto, fullName: String, file: String, path: [Int32]) -> EnumModel {
        var cases: [EnumCaseModel] = []
        var seen: [String: String] = [:]
        for (index, value) in descriptor.value.enumerated() {
            let names = Naming.enumCase(value.name, enumName: descriptor.name)
            let valuePath = path + [2, Int32(index)]
            if let other = seen[names.storedName] {
                report("name collision: enum values \(other) and \(value.name) of \(descriptor.name) are both stored as '\(names.storedName)'; rename one", file: file, path: valuePath)
                continue
            }
            seen[names.storedName] = value.name
            cases.append(EnumCaseModel(swiftName: names.swiftName, storedName: names.storedName, documentation: documentation(file: file, path: valuePath)))
        }
        return EnumModel(swiftName: descriptor.name, documentation: documentation(file: file, path: path), cases: cases)
    }

    /// Two generated types in the same Swift scope, or two objects with one stored type name.
    private mutating func checkTypeNameCollisions(files: [String]) {
        var bySwiftName: [String: String] = [:]
        var byTypeName: [String: String] = [:]
        let generated = Set(files)
        for fullName in descriptors.messages.keys.sorted() {
            let entry = descriptors.messages[fullName]!
            guard generated.contains(entry.file), isObject(entry.descriptor), entry.parents.allSatisfy({ descriptors.messages[$0].map { isObject($0.descriptor) } ?? false }) else { continue }
            let swiftName = swiftNames[fullName]!
            if let other = bySwiftName[swiftName] {
                report("name collision: messages \(other.dropFirst()) and \(fullName.dropFirst()) both become the Swift type '\(swiftName)'; set (datasetsdk.v1.swift_name) on one", file: entry.file, path: entry.path)
            }
            bySwiftName[swiftName] = fullName
            let typeName = entry.descriptor.options.getExtensionValue(ext: DatasetOptions.typeName) ?? String(fullName.dropFirst())
            if let other = byTypeName[typeName] {
                report("name collision: messages \(other.dropFirst()) and \(fullName.dropFirst()) both store the type name '\(typeName)'; change (datasetsdk.v1.type_name) on one", file: entry.file, path: entry.path)
            }
            byTypeName[typeName] = fullName
        }
        for fullName in descriptors.enums.keys.sorted() {
            let entry = descriptors.enums[fullName]!
            guard generated.contains(entry.file), let swiftName = swiftNames[fullName] else { continue }
            if let other = bySwiftName[swiftName] {
                report("name collision: \(other.dropFirst()) and enum \(fullName.dropFirst()) both become the Swift type '\(swiftName)'; rename one", file: entry.file, path: entry.path)
            }
            bySwiftName[swiftName] = fullName
        }
    }
}
