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
    ///
    /// - Throws: ``DatasetError`` for an option of the wrong kind or range (naming `fs_args.KEY`
    ///   and the catalog entry's place), ``S3Error`` for credentials that cannot be found.
    package static func resolve(_ configuration: StorageConfiguration, environment: [String: String]) throws -> S3Settings {
        let dataset = configuration.dataset
        try configuration.reader.requireKnown(knownOptions)
        let secrets = try configuration.credentialsReader.map(S3Options.init)
        let fsArgs = try S3Options(configuration.reader)
        let profileName = try secrets?.string("profile") ?? environment["AWS_PROFILE"] ?? "default"
        let home = environment["HOME"] ?? "~"
        let configPath = environment["AWS_CONFIG_FILE"] ?? "\(home)/.aws/config"
        let profileConfig = SharedConfigFile.load(path: configPath, isConfigFile: true)?.sections[profileName] ?? [:]

        let catalogRegion = try secrets?.string("region_name"), optionRegion = try fsArgs.string("region_name")
        let region = catalogRegion ?? optionRegion ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? profileConfig["region"] ?? "us-east-1"
        let catalogEndpoint = try secrets?.string("endpoint_url"), optionEndpoint = try fsArgs.string("endpoint_url")
        let endpointURL = catalogEndpoint ?? optionEndpoint ?? environment["AWS_ENDPOINT_URL_S3"] ?? environment["AWS_ENDPOINT_URL"] ?? profileConfig["endpoint_url"]
        let style = try fsArgs.string("addressing_style") ?? "auto"
        let addressing: S3Endpoint.Addressing
        switch style {
        case "path": addressing = .path
        case "virtual": addressing = .virtualHosted
        case "auto": addressing = endpointURL == nil ? .virtualHosted : .path
        default: throw configuration.reader.invalid("addressing_style", expected: "auto, path or virtual", found: .string(style))
        }
        var endpoint = S3Endpoint.aws(region: region, addressing: addressing)
        if let endpointURL {
            do throws(S3Error) { endpoint = try S3Endpoint(url: endpointURL, addressing: addressing) } catch {
                if case let .invalidConfiguration(_, key, reason) = error { throw S3Error.invalidConfiguration(dataset: dataset, key: key, reason: reason) }
                throw error
            }
        }
        let credentials = try resolveCredentials(secrets: secrets, dataset: dataset, environment: environment, profile: profileName, home: home)
        var settings = S3Settings(endpoint: endpoint, region: region, accessKeyID: "", secretAccessKey: "")
        settings.credentials = credentials
        settings.partSize = try fsArgs.holder("part_size").byteSize("part_size", in: minimumPartSize...(5 << 30),
                                                                   expected: "a size within S3's part sizes, 5MiB to 5GiB") ?? settings.partSize
        settings.concurrency = try fsArgs.holder("max_concurrency").int("max_concurrency", in: 1...256) ?? settings.concurrency
        settings.maxAttempts = try fsArgs.holder("max_attempts").int("max_attempts", in: 1...20) ?? settings.maxAttempts
        settings.signsPayload = try fsArgs.holder("payload_signing").bool("payload_signing", default: false)
        return settings
    }

    private static func resolveCredentials(
        secrets: S3Options?, dataset: String, environment: [String: String], profile: String, home: String
    ) throws -> S3Credentials {
        var searched: [String] = []
        if let secrets {
            let id = try secrets.string(anyOf: ["aws_access_key_id", "key"])
            let secret = try secrets.string(anyOf: ["aws_secret_access_key", "secret"])
            let token = try secrets.string(anyOf: ["aws_session_token", "token"])
            switch (id, secret) {
            case let (id?, secret?): return S3Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token, source: secrets.origin)
            case (.some, nil): throw S3Error.invalidConfiguration(dataset: dataset, key: "\(secrets.origin).aws_secret_access_key", reason: "aws_access_key_id is set but aws_secret_access_key is missing")
            case (nil, .some): throw S3Error.invalidConfiguration(dataset: dataset, key: "\(secrets.origin).aws_access_key_id", reason: "aws_secret_access_key is set but aws_access_key_id is missing")
            case (nil, nil): searched.append("\(secrets.origin) (no aws_access_key_id)")
            }
        }
        if let id = environment["AWS_ACCESS_KEY_ID"], !id.isEmpty {
            guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
                throw S3Error.invalidConfiguration(dataset: dataset, key: "AWS_SECRET_ACCESS_KEY", reason: "AWS_ACCESS_KEY_ID is set in the environment but AWS_SECRET_ACCESS_KEY is not")
            }
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return S3Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token, source: "environment (AWS_ACCESS_KEY_ID)")
        }
        searched.append("environment (AWS_ACCESS_KEY_ID not set)")
        let path = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "\(home)/.aws/credentials"
        if let file = SharedConfigFile.load(path: path, isConfigFile: false) {
            if let section = file.sections[profile] {
                guard let id = section["aws_access_key_id"], let secret = section["aws_secret_access_key"] else {
                    throw S3Error.invalidConfiguration(dataset: dataset, key: "\(path) [\(profile)]", reason: "the profile needs both aws_access_key_id and aws_secret_access_key")
                }
                return S3Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: section["aws_session_token"], source: "profile '\(profile)' in \(path)")
            }
            if environment["AWS_PROFILE"] != nil {
                throw S3Error.invalidConfiguration(dataset: dataset, key: "AWS_PROFILE", reason: "profile '\(profile)' is not in \(path) (profiles there: \(file.sections.keys.sorted().joined(separator: ", ")))")
            }
            searched.append("\(path) (no profile '\(profile)')")
        } else {
            searched.append("\(path) (no such file)")
        }
        throw S3Error.missingCredentials(dataset: dataset, searched: searched)
    }
}

/// A settings map (`fs_args`, or a credentials entry) and its `client_kwargs` sub-map: as in
/// s3fs, a setting may be written in either. Reads go through ``CatalogOptions``.
private struct S3Options {
    let top: CatalogOptions
    let clientKwargs: CatalogOptions

    init(_ options: CatalogOptions) throws {
        top = options
        clientKwargs = try options.nested("client_kwargs")
    }

    /// `credentials 'NAME'` or `fs_args`.
    var origin: String { String(top.keyPrefix.dropLast()) }

    /// The options that hold `key`: the map itself, else its `client_kwargs`.
    func holder(_ key: String) -> CatalogOptions { top[key] != nil ? top : clientKwargs }

    func string(_ key: String) throws -> String? { try holder(key).string(key) }

    /// The first of `keys` that is set.
    func string(anyOf keys: [String]) throws -> String? {
        for key in keys {
            if let value = try string(key) { return value }
        }
        return nil
    }
}

extension S3Settings: CustomStringConvertible {
    /// Endpoint, region, transfer settings and the access key id; never the secret.
    package var description: String {
        "s3 \(endpoint) (\(endpoint.addressing.rawValue) addressing), region \(region), part size \(partSize), concurrency \(concurrency), attempts \(maxAttempts), \(credentials)"
    }
}
