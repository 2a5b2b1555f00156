import DatasetSDK
@testable import DatasetSDKS3
import XCTest

/// The credentials chain (catalog, environment, shared files), the catalog options, and that
/// secrets never show in descriptions or errors.
final class S3SettingsTests: XCTestCase {
    private func resolve(credentials: [String: Value]? = nil, options: [String: Value] = [:], environment: [String: String] = ["HOME": "/nonexistent"]) throws -> S3Settings {
        try S3Settings.resolve(StorageConfiguration(dataset: "frame", options: options, credentials: credentials.map { Credentials(name: "dev_s3", values: $0) }),
                               environment: environment)
    }

    func testCatalogCredentialsWinOverTheEnvironment() throws {
        let settings = try resolve(credentials: ["aws_access_key_id": "CATALOG", "aws_secret_access_key": "s1", "aws_session_token": "t1",
                                                 "endpoint_url": "http://127.0.0.1:9000", "region_name": "eu-west-3"],
                                   environment: ["AWS_ACCESS_KEY_ID": "ENV", "AWS_SECRET_ACCESS_KEY": "s2", "AWS_REGION": "us-west-2", "AWS_ENDPOINT_URL": "http://other:1"])
        XCTAssertEqual(settings.credentials.accessKeyID, "CATALOG")
        XCTAssertEqual(settings.credentials.sessionToken, "t1")
        XCTAssertEqual(settings.region, "eu-west-3")
        XCTAssertEqual(settings.endpoint.description, "http://127.0.0.1:9000")
        XCTAssertEqual(settings.endpoint.addressing, .path)
    }

    func testKedroClientKwargsAndS3fsKeyNamesAreRead() throws {
        let settings = try resolve(credentials: ["key": "S3FS", "secret": "s", "client_kwargs": .map(["endpoint_url": "https://minio.local:9443", "region_name": "ap-south-1"])])
        XCTAssertEqual(settings.credentials.accessKeyID, "S3FS")
        XCTAssertEqual(settings.endpoint.description, "https://minio.local:9443")
        XCTAssertEqual(settings.region, "ap-south-1")
        let nested = try resolve(credentials: ["client_kwargs": .map(["aws_access_key_id": "NESTED", "aws_secret_access_key": "s"])])
        XCTAssertEqual(nested.credentials.accessKeyID, "NESTED")
    }

    func testEnvironmentIsUsedWhenTheCatalogHasNoKey() throws {
        let settings = try resolve(credentials: ["endpoint_url": "http://127.0.0.1:1234"], environment: [
            "AWS_ACCESS_KEY_ID": "ENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "tok", "AWS_ENDPOINT_URL_S3": "http://ignored:1", "AWS_REGION": "eu-north-1",
        ])
        XCTAssertEqual(settings.credentials.accessKeyID, "ENV")
        XCTAssertEqual(settings.credentials.sessionToken, "tok")
        XCTAssertEqual(settings.endpoint.description, "http://127.0.0.1:1234")
        XCTAssertEqual(settings.region, "eu-north-1")
        let fromEnvironment = try resolve(environment: ["AWS_ACCESS_KEY_ID": "E", "AWS_SECRET_ACCESS_KEY": "s", "AWS_ENDPOINT_URL_S3": "http://s3only:2", "AWS_ENDPOINT_URL": "http://all:3"])
        XCTAssertEqual(fromEnvironment.endpoint.description, "http://s3only:2")
    }

    func testSharedCredentialsFileAndProfileAreTheLastResort() throws {
        let folder = NSTemporaryDirectory() + "s3-settings-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/.aws", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
        [default]
        aws_access_key_id = DEFAULTKEY
        aws_secret_access_key = default-secret

        # a comment
        [analytics]
        aws_access_key_id=ANALYTICS
        aws_secret_access_key = analytics-secret
        aws_session_token = analytics-token
        """.write(toFile: folder + "/.aws/credentials", atomically: true, encoding: .utf8)
        try "[profile analytics]\nregion = sa-east-1\nendpoint_url = http://127.0.0.1:7777\n".write(toFile: folder + "/.aws/config", atomically: true, encoding: .utf8)
        let defaults = try resolve(environment: ["HOME": folder])
        XCTAssertEqual(defaults.credentials.accessKeyID, "DEFAULTKEY")
        XCTAssertEqual(defaults.region, "us-east-1")
        XCTAssertEqual(defaults.endpoint.description, "https://s3.us-east-1.amazonaws.com")
        XCTAssertEqual(defaults.endpoint.addressing, .virtualHosted)
        let profile = try resolve(environment: ["HOME": folder, "AWS_PROFILE": "analytics"])
        XCTAssertEqual(profile.credentials.accessKeyID, "ANALYTICS")
        XCTAssertEqual(profile.credentials.sessionToken, "analytics-token")
        XCTAssertEqual(profile.region, "sa-east-1")
        XCTAssertEqual(profile.endpoint.description, "http://127.0.0.1:7777")
        XCTAssertTrue(profile.credentials.source.contains("analytics"))
        XCTAssertThrowsError(try resolve(environment: ["HOME": folder, "AWS_PROFILE": "nope"])) { error in
            XCTAssertTrue("\(error)".contains("profile 'nope'"), "\(error)")
            XCTAssertTrue("\(error)".contains("analytics, default"), "\(error)")
        }
    }

    func testNoCredentialsAnywhereListsWhereTheChainLooked() {
        XCTAssertThrowsError(try resolve(environment: ["HOME": "/nonexistent"])) { error in
            guard case let S3Error.missingCredentials(dataset, searched) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(dataset, "frame")
            XCTAssertEqual(searched.count, 2)
            XCTAssertTrue("\(error)".contains("/nonexistent/.aws/credentials"), "\(error)")
        }
    }

    func testHalfAKeyIsAnErrorThatNeverShowsTheSecret() {
        XCTAssertThrowsError(try resolve(credentials: ["aws_secret_access_key": "TOP-SECRET"])) { error in
            XCTAssertTrue("\(error)".contains("aws_access_key_id is missing"), "\(error)")
            XCTAssertFalse("\(error)".contains("TOP-SECRET"))
        }
        XCTAssertThrowsError(try resolve(environment: ["AWS_ACCESS_KEY_ID": "A"])) { error in
            XCTAssertTrue("\(error)".contains("AWS_SECRET_ACCESS_KEY"), "\(error)")
        }
    }

    func testFsArgsOptionsAreValidated() throws {
        let base: [String: Value] = ["aws_access_key_id": "A", "aws_secret_access_key": "s", "endpoint_url": "http://127.0.0.1:1"]
        let settings = try resolve(credentials: base, options: ["part_size": "64MiB", "max_concurrency": 3, "max_attempts": 2, "payload_signing": true, "addressing_style": "virtual"])
        XCTAssertEqual(settings.partSize, 64 << 20)
        XCTAssertEqual(settings.concurrency, 3)
        XCTAssertEqual(settings.maxAttempts, 2)
        XCTAssertTrue(settings.signsPayload)
        XCTAssertEqual(settings.endpoint.addressing, .virtualHosted)
        let failures: [([String: Value], String)] = [
            (["part_size": 1024], "fs_args.part_size"), (["part_size": "lots"], "fs_args.part_size"), (["max_concurrency": 0], "fs_args.max_concurrency"),
            (["addressing_style": "sideways"], "fs_args.addressing_style"), (["endpoint": "x"], "fs_args.endpoint"), (["max_attempts": "3"], "fs_args.max_attempts"),
        ]
        for (options, key) in failures {
            XCTAssertThrowsError(try resolve(credentials: base, options: options)) { error in
                XCTAssertTrue("\(error)".contains("'\(key)'"), "\(error)")
                XCTAssertTrue("\(error)".contains("dataset 'frame'"), "\(error)")
            }
        }
    }

    func testStorageDescriptionsNeverShowSecrets() throws {
        let settings = try resolve(credentials: ["aws_access_key_id": "AKID", "aws_secret_access_key": "TOP-SECRET", "aws_session_token": "TOKEN-SECRET"])
        let text = "\(settings.credentials) \(settings) \(Credentials(name: "dev_s3", values: ["aws_secret_access_key": "TOP-SECRET"]))"
        XCTAssertFalse(text.contains("TOP-SECRET"), text)
        XCTAssertFalse(text.contains("TOKEN-SECRET"), text)
    }

    func testPartSizesDoubleEveryFiveHundredPartsSoTenThousandPartsCoverFiveTiB() {
        XCTAssertEqual(S3StorageWriter.partSize(base: 8 << 20, number: 1), 8 << 20)
        XCTAssertEqual(S3StorageWriter.partSize(base: 8 << 20, number: 500), 8 << 20)
        XCTAssertEqual(S3StorageWriter.partSize(base: 8 << 20, number: 501), 16 << 20)
        let total = (1...S3Settings.maximumParts).reduce(0) { $0 + S3StorageWriter.partSize(base: S3Settings.minimumPartSize, number: $1) }
        XCTAssertGreaterThan(total, 5 << 40)
    }
}
