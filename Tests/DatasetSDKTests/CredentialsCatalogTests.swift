import DatasetSDK
import Foundation
import XCTest

/// Credentials by name, and laziness: one broken entry never breaks another dataset.
final class CredentialsCatalogTests: XCTestCase {
    // MARK: Laziness

    func testEntryWithMissingCredentialsOrEnvVariableDoesNotBreakAnotherDataset() async throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            good:
              type: ObjectDataset
              filepath: \(folder.data("good.dso"))
            no_credentials:
              type: RecordingDataset
              credentials: nowhere
            no_variable:
              type: ObjectDataset
              filepath: ${env:UNSET_ROOT}/x.dso
            credentials_without_variable:
              type: RecordingDataset
              credentials: needs_env
            bad_type:
              type: NoSuchDataset
            """)
        try folder.write("base/credentials.yml", """
            needs_env:
              token: ${env:UNSET_TOKEN}
            """)
        let catalog = try folder.catalog()
        try await catalog.save(Tensor<Int64>([1, 2]), as: "good")
        let loaded: Tensor<Int64> = try await catalog.load("good")
        XCTAssertEqual(loaded.scalars, [1, 2])
        XCTAssertTrue(try catalog.describe("good")["filepath"] == .string(folder.data("good.dso")))

        let noCredentials = await catalogError(async: { try await catalog.save(Tensor<Int64>([1]), as: "no_credentials") })
        guard case .missingCredentials("no_credentials", "nowhere", _, _)? = noCredentials else {
            return XCTFail("\(String(describing: noCredentials))")
        }
        let noVariable = await catalogError(async: { _ = try await catalog.load("no_variable", as: Tensor<Int64>.self) })
        guard case .unresolvedInterpolation(_, _, "env:UNSET_ROOT", _)? = noVariable else { return XCTFail("\(String(describing: noVariable))") }
        let credentialsWithoutVariable = catalogError({ _ = try catalog.dataset(named: "credentials_without_variable") })
        guard case .unresolvedInterpolation(_, _, "env:UNSET_TOKEN", _)? = credentialsWithoutVariable else {
            return XCTFail("\(String(describing: credentialsWithoutVariable))")
        }
        XCTAssertContains(credentialsWithoutVariable?.description ?? "", "credentials.yml:2:")
        XCTAssertNotNil(catalogError({ _ = try catalog.dataset(named: "bad_type") }))

        // The failures are not cached and did not disturb the working dataset.
        let again: Tensor<Int64> = try await catalog.load("good")
        XCTAssertEqual(again.scalars, [1, 2])
        XCTAssertNotNil(catalogError({ _ = try catalog.dataset(named: "no_credentials") }))
    }

    func testMissingStorageSchemeFailsOnlyTheDatasetThatUsesIt() async throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            remote: {type: ObjectDataset, filepath: "s3://bucket/x.dso"}
            local: {type: ObjectDataset, filepath: "\(folder.data("local.dso"))"}
            """)
        let catalog = try folder.catalog()
        try await catalog.save(Record(["ok": true]), as: "local")
        let error = errorThrown(by: { _ = try catalog.dataset(named: "remote") })
        XCTAssertContains("\(String(describing: error))", "dataset 'remote'", "s3://")
        let loaded: Record = try await catalog.load("local")
        XCTAssertEqual(loaded["ok"], true)
    }

    // MARK: Credentials

    func testCredentialsAreResolvedByNameAndPassedToTheDataset() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            prices:
              type: RecordingDataset
              filepath: s3://bucket/prices.csv
              credentials: dev_s3
            """)
        try folder.write("base/credentials.yml", """
            dev_s3:
              key: AKIA123
              secret: ${env:S3_SECRET}
              port: 9000
            other: {key: unused}
            """)
        let catalog = try folder.catalog(variables: ["S3_SECRET": "top-secret-value"])
        let dataset = try XCTUnwrap(catalog.dataset(named: "prices") as? RecordingDataset)
        let credentials = try XCTUnwrap(dataset.configuration.credentials)
        XCTAssertEqual(credentials.name, "dev_s3")
        XCTAssertEqual(credentials.values, ["key": "AKIA123", "secret": "top-secret-value", "port": 9000])
        XCTAssertNil(dataset.configuration.options["credentials"], "credentials are not an option")
        XCTAssertEqual(dataset.configuration.options["filepath"], "s3://bucket/prices.csv")
        XCTAssertTrue(dataset.configuration.source?.contains("base/catalog.yml:") == true, "\(String(describing: dataset.configuration.source))")
    }

    func testCredentialsFromThePatternOfADatasetFactory() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{team}.{name}":
              type: RecordingDataset
              credentials: "{team}_creds"
            """)
        try folder.write("base/credentials.yml", "sales_creds: {token: s}\nops_creds: {token: o}\n")
        let catalog = try folder.catalog()
        let sales = try XCTUnwrap(catalog.dataset(named: "sales.orders") as? RecordingDataset)
        let ops = try XCTUnwrap(catalog.dataset(named: "ops.tickets") as? RecordingDataset)
        XCTAssertEqual(sales.configuration.credentials?.values["token"], "s")
        XCTAssertEqual(ops.configuration.credentials?.values["token"], "o")
        guard let error = catalogError({ _ = try catalog.dataset(named: "hr.people") }) else { return }
        guard case .missingCredentials("hr.people", "hr_creds", _, _) = error else { return XCTFail("\(error)") }
    }

    func testEnvironmentCredentialsReplaceBaseCredentials() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", "db: {type: RecordingDataset, credentials: warehouse}\n")
        try folder.write("base/credentials.yml", "warehouse: {user: base-user, password: base-password}\n")
        try folder.write("local/credentials.yml", "warehouse: {user: local-user}\n")
        let dataset = try XCTUnwrap(folder.catalog().dataset(named: "db") as? RecordingDataset)
        XCTAssertEqual(dataset.configuration.credentials?.values, ["user": "local-user"])
    }

    func testInlineCredentialsArePassedAsTheyAre() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            db:
              type: RecordingDataset
              credentials: {user: ada, password: "${env:DB_PASSWORD}"}
            """)
        let dataset = try XCTUnwrap(folder.catalog(variables: ["DB_PASSWORD": "pw"]).dataset(named: "db") as? RecordingDataset)
        XCTAssertEqual(dataset.configuration.credentials?.values, ["user": "ada", "password": "pw"])
    }

    func testDescribeAndResolvedEntriesNeverShowTheSecretValue() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            prices:
              type: RecordingDataset
              credentials: dev_s3
            inline:
              type: RecordingDataset
              credentials: {secret: "inline-\\u0073ecret-value"}
            stored:
              type: ObjectDataset
              filepath: \(folder.data("stored.dso"))
              credentials: dev_s3
            """)
        try folder.write("base/credentials.yml", "dev_s3: {key: AKIA123, secret: top-secret-value}\n")
        let catalog = try folder.catalog()
        for name in ["prices", "inline", "stored"] {
            let described = "\(Value.map(try catalog.describe(name)))"
            XCTAssertFalse(described.contains("top-secret-value"), described)
            XCTAssertFalse(described.contains("inline-secret-value"), described)
            XCTAssertFalse(described.contains("AKIA123"), described)
        }
        XCTAssertContains("\(Value.map(try catalog.describe("prices")))", "dev_s3")
        let resolved = "\(Value.map(try catalog.resolvedEntries(for: ["prices", "inline", "stored"])))"
        XCTAssertFalse(resolved.contains("top-secret-value") || resolved.contains("inline-secret-value"), resolved)
        XCTAssertContains(resolved, "dev_s3", "<inline: secret>")
    }

    func testMissingCredentialsErrorNamesDatasetCredentialsKeyAndFileLine() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            first: {type: MemoryDataset}
            prices:
              type: RecordingDataset
              credentials: prod_s3
            """)
        try folder.write("base/credentials.yml", "dev_s3: {key: a}\nstaging_s3: {key: b}\n")
        let catalog = try folder.catalog()
        guard let error = catalogError({ _ = try catalog.dataset(named: "prices") }) else { return }
        guard case let .missingCredentials(dataset, credentials, location, known) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(dataset, "prices")
        XCTAssertEqual(credentials, "prod_s3")
        XCTAssertEqual(location, SourceLocation(file: file, line: 4, column: 16))
        XCTAssertEqual(known, ["dev_s3", "staging_s3"])
        XCTAssertTrue(error.description.hasPrefix("\(file):4:16: error: dataset 'prices' uses credentials 'prod_s3'"), error.description)
        XCTAssertContains(error.description, "defined: dev_s3, staging_s3")
    }

    func testCredentialsThatAreNotAMappingAreAnError() throws {
        let folder = try CatalogConfFolder()
        let credentialsFile = try folder.write("base/credentials.yml", "token_only: abc\n")
        let catalogFile = try folder.write("base/catalog.yml", """
            a: {type: RecordingDataset, credentials: token_only}
            b: {type: RecordingDataset, credentials: [x]}
            """)
        let catalog = try folder.catalog()
        let notMapping = catalogError({ _ = try catalog.dataset(named: "a") })
        XCTAssertTrue(notMapping?.description.hasPrefix("\(credentialsFile):1:") == true, "\(String(describing: notMapping))")
        XCTAssertContains(notMapping?.description ?? "", "credentials 'token_only' must be a mapping")
        let list = catalogError({ _ = try catalog.dataset(named: "b") })
        XCTAssertTrue(list?.description.hasPrefix("\(catalogFile):2:") == true, "\(String(describing: list))")
        XCTAssertContains(list?.description ?? "", "'credentials' must name an entry of credentials.yml, not list")
    }
}
