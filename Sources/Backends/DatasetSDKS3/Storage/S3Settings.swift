import DatasetSDK

/// Everything an ``S3Storage`` needs, resolved from a catalog entry's `credentials` and
/// `fs_args`, the environment and the shared AWS files (see ``resolve(_:environment:)``).
package struct S3Settings: Sendable {
    package var endpoint: S3Endpoint
    package var region: String
    /// Bytes per multipart part and per ranged GET (all parts but the last); at least 5 MiB.
    package var partSize: Int
    /// Parts or ranges in flight at once.
    package var concurrency: Int
    /// Tries per request (the first one included).
    package var maxAttempts: Int
    /// Hash object bodies into the signature instead of `UNSIGNED-PAYLOAD` (costs a SHA-256 pass).
    package var signsPayload: Bool
    var credentials: S3Credentials

    package static let minimumPartSize = 5 * 1024 * 1024
    package static let maximumParts = 10_000
    static let knownOptions: Set<String> = [
        "endpoint_url", "region_name", "client_kwargs", "addressing_style", "part_size", "max_concurrency",
        "max_attempts", "payload_signing", "durable",
    ]

    /// Settings with explicit values (for code that does not go through a catalog).
    package init(
        endpoint: S3Endpoint, region: String, accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil,
        partSize: Int = 16 << 20, concurrency: Int = 8, maxAttempts: Int = 5, signsPayload: Bool = false
    ) {
        self.endpoint = endpoint
        self.region = region
        self.partSize = partSize
        self.concurrency = concurrency
        self.maxAttempts = maxAttempts
        self.signsPayload = signsPayload
        credentials = S3Credentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken, source: "code")
    }

    /// Resolves the settings for one dataset.
    ///
    /// Credentials: the catalog entry's `credentials` (`aws_access_key_id`,
    /// `aws_secret_access_key`, `aws_session_token`, or s3fs's `key`/`secret`/`token`, also under
    /// `client_kwargs`), then `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`,
    /// then the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, default
    /// `~/.aws/credentials`) for the profile `AWS_PROFILE` (default `default`).
    /// Endpoint: `endpoint_url` in credentials or `fs_args` (also under `client_kwargs`), then
    /// `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url`, else AWS.
    /// Region: `region_name` likewise, then `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's
    /// `region`, else `us-east-1`.
    package static func resolve(_ configuration: StorageConfiguration, environment: [String: String]) throws(S3Error) -> S3Settings {
        let dataset = configuration.dataset
        for key in configuration.options.keys.sorted() where !knownOptions.contains(key) {
            throw .invalidConfiguration(dataset: dataset, key: "fs_args.\(key)", reason: "unknown option; the s3 storage accepts \(knownOptions.sorted().joined(separator: ", "))")
        }
        let secrets = SettingLookup(values: configuration.credentials?.values ?? [:], origin: configuration.credentials.map { "credentials '\($0.name)'" } ?? "")
        let fsArgs = SettingLookup(values: configuration.options, origin: "fs_args")
        let profileName = try secrets.string("profile", dataset: dataset) ?? environment["AWS_PROFILE"] ?? "default"
        let home = environment["HOME"] ?? "~"
        let configPath = environment["AWS_CONFIG_FILE"] ?? "\(home)/.aws/config"
        let profileConfig = SharedConfigFile.load(path: configPath, isConfigFile: true)?.sections[profileName] ?? [:]

        let catalogRegion = try secrets.string("region_name", dataset: dataset), optionRegion = try fsArgs.string("region_name", dataset: dataset)
        let region = catalogRegion ?? optionRegion ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? profileConfig["region"] ?? "us-east-1"
        let catalogEndpoint = try secrets.string("endpoint_url", dataset: dataset), optionEndpoint = try fsArgs.string("endpoint_url", dataset: dataset)
        let endpointURL = catalogEndpoint ?? optionEndpoint ?? environment["AWS_ENDPOINT_URL_S3"] ?? environment["AWS_ENDPOINT_URL"] ?? profileConfig["endpoint_url"]
        let style = try fsArgs.string("addressing_style", dataset: dataset) ?? "auto"
        let addressing: S3Endpoint.Addressing
        switch style {
        case "path": addressing = .path
        case "virtual": addressing = .virtualHosted
        case "auto": addressing = endpointURL == nil ? .virtualHosted : .path
        default: throw .invalidConfiguration(dataset: dataset, key: "fs_args.addressing_style", reason: "'\(style)' is not one of auto, path, virtual")
        }
        var endpoint = S3Endpoint.aws(region: region, addressing: addressing)
        if let endpointURL {
            do throws(S3Error) { endpoint = try S3Endpoint(url: endpointURL, addressing: addressing) } catch {
                if case let .invalidConfiguration(_, key, reason) = error { throw .invalidConfiguration(dataset: dataset, key: key, reason: reason) }
                throw error
            }
        }
        let credentials = try resolveCredentials(secrets: secrets, dataset: dataset, environment: environment, profile: profileName, home: home)
        var settings = S3Settings(endpoint: endpoint, region: region, accessKeyID: "", secretAccessKey: "")
        settings.credentials = credentials
        settings.partSize = try fsArgs.byteCount("part_size", dataset: dataset) ?? settings.partSize
        guard settings.partSize >= minimumPartSize, settings.partSize <= 5 << 30 else {
            throw .invalidConfiguration(dataset: dataset, key: "fs_args.part_size", reason: "\(settings.partSize) bytes is outside S3's part sizes (5 MiB to 5 GiB)")
        }
        settings.concurrency = try fsArgs.int("max_concurrency", in: 1...256, dataset: dataset) ?? settings.concurrency
        settings.maxAttempts = try fsArgs.int("max_attempts", in: 1...20, dataset: dataset) ?? settings.maxAttempts
        settings.signsPayload = try fsArgs.bool("payload_signing", dataset: dataset) ?? false
        return settings
    }

    private static func resolveCredentials(
        secrets: SettingLookup, dataset: String, environment: [String: String], profile: String, home: String
    ) throws(S3Error) -> S3Credentials {
        var searched: [String] = []
        if !secrets.origin.isEmpty {
            let id = try secrets.string(anyOf: ["aws_access_key_id", "key"], dataset: dataset)
            let secret = try secrets.string(anyOf: ["aws_secret_access_key", "secret"], dataset: dataset)
            let token = try secrets.string(anyOf: ["aws_session_token", "token"], dataset: dataset)
            switch (id, secret) {
            case let (id?, secret?): return S3Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token, source: secrets.origin)
            case (.some, nil): throw .invalidConfiguration(dataset: dataset, key: "\(secrets.origin).aws_secret_access_key", reason: "aws_access_key_id is set but aws_secret_access_key is missing")
            case (nil, .some): throw .invalidConfiguration(dataset: dataset, key: "\(secrets.origin).aws_access_key_id", reason: "aws_secret_access_key is set but aws_access_key_id is missing")
            case (nil, nil): searched.append("\(secrets.origin) (no aws_access_key_id)")
            }
        }
        if let id = environment["AWS_ACCESS_KEY_ID"], !id.isEmpty {
            guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
                throw .invalidConfiguration(dataset: dataset, key: "AWS_SECRET_ACCESS_KEY", reason: "AWS_ACCESS_KEY_ID is set in the environment but AWS_SECRET_ACCESS_KEY is not")
            }
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return S3Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token, source: "environment (AWS_ACCESS_KEY_ID)")
        }
        searched.append("environment (AWS_ACCESS_KEY_ID not set)")
        let path = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "\(home)/.aws/credentials"
        if let file = SharedConfigFile.load(path: path, isConfigFile: false) {
            if let section = file.sections[profile] {
                guard let id = section["aws_access_key_id"], let secret = section["aws_secret_access_key"] else {
                    throw .invalidConfiguration(dataset: dataset, key: "\(path) [\(profile)]", reason: "the profile needs both aws_access_key_id and aws_secret_access_key")
                }
                return S3Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: section["aws_session_token"], source: "profile '\(profile)' in \(path)")
            }
            if environment["AWS_PROFILE"] != nil {
                throw .invalidConfiguration(dataset: dataset, key: "AWS_PROFILE", reason: "profile '\(profile)' is not in \(path) (profiles there: \(file.sections.keys.sorted().joined(separator: ", ")))")
            }
            searched.append("\(path) (no profile '\(profile)')")
        } else {
            searched.append("\(path) (no such file)")
        }
        throw .missingCredentials(dataset: dataset, searched: searched)
    }
}

/// Looks a setting up in a map and in its `client_kwargs` sub-map, with typed errors.
private struct SettingLookup {
    let values: [String: Value]
    let origin: String

    func raw(_ key: String) -> Value? {
        values[key] ?? values["client_kwargs"]?.mapValue?[key]
    }

    func string(_ key: String, dataset: String) throws(S3Error) -> String? {
        guard let value = raw(key), !value.isNull else { return nil }
        guard let string = value.stringValue else {
            throw .invalidConfiguration(dataset: dataset, key: "\(origin).\(key)", reason: "expected a string, found \(value.kindName)")
        }
        return string
    }

    /// The first of `keys` that is set.
    func string(anyOf keys: [String], dataset: String) throws(S3Error) -> String? {
        for key in keys {
            if let value = try string(key, dataset: dataset) { return value }
        }
        return nil
    }

    func bool(_ key: String, dataset: String) throws(S3Error) -> Bool? {
        guard let value = raw(key), !value.isNull else { return nil }
        guard let bool = value.boolValue else { throw .invalidConfiguration(dataset: dataset, key: "\(origin).\(key)", reason: "expected true or false, found \(value.kindName) \(value)") }
        return bool
    }

    func int(_ key: String, in range: ClosedRange<Int>, dataset: String) throws(S3Error) -> Int? {
        guard let value = raw(key), !value.isNull else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            throw .invalidConfiguration(dataset: dataset, key: "\(origin).\(key)", reason: "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(value.kindName) \(value)")
        }
        return number
    }

    /// A size in bytes: a number, or a string such as `16MiB`, `8 MB`, `1GiB`.
    func byteCount(_ key: String, dataset: String) throws(S3Error) -> Int? {
        guard let value = raw(key), !value.isNull else { return nil }
        if let number = value.intValue { return number }
        let invalid = S3Error.invalidConfiguration(dataset: dataset, key: "\(origin).\(key)", reason: "expected a byte count such as 16777216 or \"16MiB\", found \(value.kindName) \(value)")
        guard let text = value.stringValue.map({ String($0.filter { $0 != " " }) }) else { throw invalid }
        let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1000), ("B", 1)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let number = Int(text.dropLast(suffix.count)) else { throw invalid }
            return number * factor
        }
        guard let number = Int(text) else { throw invalid }
        return number
    }
}

extension S3Settings: CustomStringConvertible {
    /// Endpoint, region, transfer settings and the access key id; never the secret.
    package var description: String {
        "s3 \(endpoint) (\(endpoint.addressing.rawValue) addressing), region \(region), part size \(partSize), concurrency \(concurrency), attempts \(maxAttempts), \(credentials)"
    }
}
