extension DataCatalog {
    /// The resolved entry for `name`: the explicit entry, or the first matching pattern with its
    /// placeholders substituted into every string, with `${...}` resolved. Nil when nothing matches.
    func resolvedEntry(for name: String) throws(CatalogError) -> ConfigNode? {
        if let entry = explicit.last(where: { $0.name == name }) { return try interpolation.resolve(entry.node, dataset: name) }
        for (pattern, node) in patterns {
            guard let values = pattern.match(name) else { continue }
            let substituted = node.mapScalars { _, value, _ in
                if case let .string(text) = value { return .string(DatasetPattern.substitute(values, in: text)) }
                return value
            }
            return try interpolation.resolve(substituted, dataset: name)
        }
        return nil
    }

    func makeDataset(named name: String) throws -> any Dataset {
        guard let entry = try resolvedEntry(for: name), let fields = entry.entries else {
            let known = datasetNames
            throw CatalogError.unknownDataset(name, known: known, suggestion: Suggestion.nearest(to: name, in: known))
        }
        var options: [String: Value] = [:]
        for (key, node) in fields { options[key] = node.value }
        guard case let .string(typeName)? = options.removeValue(forKey: "type") else {
            throw CatalogError.invalidEntry(location: entry.location, dataset: name, problem: "missing 'type'")
        }
        let credentials = try resolveCredentials(options.removeValue(forKey: "credentials"), dataset: name, entry: entry)
        let versioned = options.removeValue(forKey: "versioned")
        let source = entry.location.description
        let configuration = DatasetConfiguration(name: name, options: options, credentials: credentials, registry: registry, source: source)
        do {
            let type = try registry.datasetType(named: typeName)
            switch versioned {
            case nil, .bool(false)?, .null?:
                return try type.init(configuration: configuration)
            case .bool(true)?:
                let location = try configuration.location()
                // Check the entry's options now, as for an unversioned dataset (a typo must not
                // wait for the first save).
                _ = try type.init(configuration: configuration)
                let baseOptions = options
                return VersionedDataset(
                    name: name, location: location, storage: try configuration.storage(for: location),
                    loadVersion: loadVersions[name], saveVersion: saveVersion
                ) { versionLocation in
                    var versionOptions = baseOptions
                    versionOptions["filepath"] = .string(versionLocation.description)
                    return try type.init(configuration: DatasetConfiguration(
                        name: name, options: versionOptions, credentials: credentials, registry: configuration.registry, source: source))
                }
            case let other?:
                throw CatalogError.invalidEntry(location: fields.last { $0.key == "versioned" }!.node.location, dataset: name,
                                                problem: "'versioned' must be true or false, not \(other)")
            }
        } catch let error as RegistryError {
            let typeLocation = fields.last { $0.key == "type" }!.node.location
            throw CatalogError.invalidEntry(location: typeLocation, dataset: name, problem: "\(error)")
        }
    }

    private func resolveCredentials(_ reference: Value?, dataset: String, entry: ConfigNode) throws(CatalogError) -> Credentials? {
        switch reference {
        case nil, .null?:
            return nil
        case let .string(key)?:
            guard let node = credentials.last(where: { $0.key == key })?.node else {
                throw .missingCredentials(dataset: dataset, credentials: key, location: entry["credentials"]?.location ?? entry.location,
                                          known: credentials.map(\.key))
            }
            guard case let .map(values) = try interpolation.resolve(node, dataset: dataset).value else {
                throw .invalidEntry(location: node.location, dataset: dataset, problem: "credentials '\(key)' must be a mapping of settings")
            }
            return Credentials(name: key, values: values)
        case let .map(values)?:
            return Credentials(name: "\(dataset) (inline)", values: values)
        case let other?:
            throw .invalidEntry(location: entry["credentials"]?.location ?? entry.location, dataset: dataset,
                                problem: "'credentials' must name an entry of credentials.yml, not \(other.kindName)")
        }
    }

    /// The description of dataset `name` (its type and settings, never credentials), creating it
    /// when needed.
    public func describe(_ name: String) throws -> [String: Value] {
        var description = try dataset(named: name).describe()
        if let pattern = matchingPattern(for: name) { description["pattern"] = .string(pattern) }
        return description
    }

    /// The resolved catalog entries of `names` as they would be created (credentials shown by
    /// name only): what `catalog resolve-patterns` prints.
    public func resolvedEntries(for names: [String]) throws -> [String: Value] {
        var result: [String: Value] = [:]
        for name in names {
            guard var entry = try resolvedEntry(for: name)?.value.mapValue else { continue }
            if case let .map(inline)? = entry["credentials"] { entry["credentials"] = .string("<inline: \(inline.keys.sorted().joined(separator: ", "))>") }
            result[name] = .map(entry)
        }
        return result
    }
}
