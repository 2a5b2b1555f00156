import Foundation

/// Generates Swift dataset types from `.proto` files, in three stages with typed hand-offs:
///
/// 1. **descriptors**: protoc parses the files into a descriptor set (``Protoc``), decoded with
///    our custom options by SwiftProtobuf;
/// 2. **model**: the descriptors become a model of objects, properties and their storage
///    (`ModelBuilder`), with a diagnostic for every rule broken;
/// 3. **rendering**: each file's model becomes one Swift file (`SwiftRenderer`).
///
/// ```swift
/// let generator = CodeGenerator(options: GeneratorOptions(importPaths: ["Protos"]))
/// for file in try generator.generate(files: ["Protos/house_prices.proto"]) {
///     print(file.fileName)   // house_prices.dataset.swift
/// }
/// ```
public struct CodeGenerator: Sendable {
    public var options: GeneratorOptions

    public init(options: GeneratorOptions) { self.options = options }

    /// Runs protoc on `files` (paths on disk, each under one of the import paths) and returns
    /// one generated file per input, in input order.
    ///
    /// - Throws: ``CodegenError``: every diagnostic found, protoc's own errors, or a missing protoc.
    public func generate(files: [String]) throws(CodegenError) -> [GeneratedFile] {
        let roots = options.importPaths.map(Self.absolute)
        var protoPaths: [String] = []
        for file in files {
            let path = Self.absolute(file)
            guard let root = roots.first(where: { path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) else {
                throw .notUnderImportPath(file: file, importPaths: options.importPaths)
            }
            protoPaths.append(String(path.dropFirst(root.count).drop { $0 == "/" }))
        }
        let protoc = try Protoc.locate(explicit: options.protocPath)
        let display = displayPath(roots: roots)
        let serialized = try protoc.descriptorSet(for: protoPaths, importPaths: roots, displayPath: display)
        return try generate(descriptorSet: serialized, protoPaths: protoPaths, displayPath: display)
    }

    /// Stages 2 and 3 on an existing descriptor set.
    func generate(descriptorSet serialized: [UInt8], protoPaths: [String], displayPath: @escaping (String) -> String) throws(CodegenError) -> [GeneratedFile] {
        let descriptors = try DescriptorSet(serialized: serialized)
        var builder = ModelBuilder(descriptors: descriptors, displayPath: displayPath)
        let models = try builder.build(files: protoPaths)
        let renderer = SwiftRenderer(visibility: options.visibility.rawValue, moduleName: options.moduleName ?? "")
        return models.map { model in
            GeneratedFile(protoPath: model.protoPath, fileName: GeneratedFile.fileName(forProto: model.protoPath), contents: renderer.render(model))
        }
    }

    /// protoc's file names as paths on disk (under the first import path holding them).
    private func displayPath(roots: [String]) -> (String) -> String {
        { name in
            for root in roots {
                let candidate = URL(fileURLWithPath: name, relativeTo: URL(fileURLWithPath: root, isDirectory: true)).standardizedFileURL.path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
            }
            return name
        }
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
