@testable import DatasetSDKS3
import XCTest

/// Signatures checked against the examples AWS publishes for SigV4 (the S3 header-based
/// examples and the generic test suite's get-vanilla case).
final class SigV4SignerTests: XCTestCase {
    private let exampleCredentials = S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", sessionToken: nil, source: "test")
    private let day = AMZDate(secondsSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z

    func testDateFormatsAsTimestampAndDay() {
        XCTAssertEqual(day.timestamp, "20130524T000000Z")
        XCTAssertEqual(day.day, "20130524")
        XCTAssertEqual(AMZDate(secondsSince1970: 1_440_938_160).timestamp, "20150830T123600Z")
    }

    func testGetObjectWithRangeMatchesAWSExample() {
        let request = SigningRequest(method: "GET", encodedPath: "/test.txt", query: [], headers: [
            ("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"),
            ("x-amz-content-sha256", SigV4Signer.emptyPayloadHash), ("x-amz-date", day.timestamp),
        ], payloadHash: SigV4Signer.emptyPayloadHash)
        let (header, signature) = SigV4Signer(credentials: exampleCredentials, region: "us-east-1").authorization(for: request, date: day)
        XCTAssertEqual(signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        XCTAssertEqual(header, "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    func testPutObjectWithUnusualKeyAndBodyHashMatchesAWSExample() {
        let bodyHash = SigV4Signer.hexSHA256(Array("Welcome to Amazon S3.".utf8))
        XCTAssertEqual(bodyHash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let request = SigningRequest(method: "PUT", encodedPath: "/" + URIEncoding.encode("test$file.text", keepingSlashes: true), query: [], headers: [
            ("Host", "examplebucket.s3.amazonaws.com"), ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
            ("x-amz-date", day.timestamp), ("x-amz-storage-class", "REDUCED_REDUNDANCY"), ("x-amz-content-sha256", bodyHash),
        ], payloadHash: bodyHash)
        let (_, signature) = SigV4Signer(credentials: exampleCredentials, region: "us-east-1").authorization(for: request, date: day)
        XCTAssertEqual(signature, "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    func testListObjectsWithQueryMatchesAWSExample() {
        let request = SigningRequest(method: "GET", encodedPath: "/", query: [("prefix", "J"), ("max-keys", "2")], headers: [
            ("Host", "examplebucket.s3.amazonaws.com"), ("x-amz-date", day.timestamp), ("x-amz-content-sha256", SigV4Signer.emptyPayloadHash),
        ], payloadHash: SigV4Signer.emptyPayloadHash)
        XCTAssertEqual(request.canonicalQuery, "max-keys=2&prefix=J")
        let (_, signature) = SigV4Signer(credentials: exampleCredentials, region: "us-east-1").authorization(for: request, date: day)
        XCTAssertEqual(signature, "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    func testSubresourceWithoutValueMatchesAWSLifecycleExample() {
        let request = SigningRequest(method: "GET", encodedPath: "/", query: [("lifecycle", "")], headers: [
            ("Host", "examplebucket.s3.amazonaws.com"), ("x-amz-date", day.timestamp), ("x-amz-content-sha256", SigV4Signer.emptyPayloadHash),
        ], payloadHash: SigV4Signer.emptyPayloadHash)
        let (_, signature) = SigV4Signer(credentials: exampleCredentials, region: "us-east-1").authorization(for: request, date: day)
        XCTAssertEqual(signature, "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    func testGenericTestSuiteGetVanilla() {
        let credentials = S3Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: nil, source: "test")
        let date = AMZDate(secondsSince1970: 1_440_938_160)
        let request = SigningRequest(method: "GET", encodedPath: "/", query: [], headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", date.timestamp)],
                                     payloadHash: SigV4Signer.emptyPayloadHash)
        let (canonical, signed) = SigV4Signer.canonicalRequest(request)
        XCTAssertEqual(canonical, "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(SigV4Signer.emptyPayloadHash)")
        XCTAssertEqual(signed, "host;x-amz-date")
        let (_, signature) = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service").authorization(for: request, date: date)
        XCTAssertEqual(signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    func testHeaderValuesAreTrimmedAndInnerSpacesCollapsed() {
        XCTAssertEqual(SigV4Signer.normalizedHeaderValue("  a   b\t c  "), "a b c")
    }

    func testSessionTokenIsSignedAndSentButNeverDescribed() {
        let credentials = S3Credentials(accessKeyID: "AKID", secretAccessKey: "SECRET-VALUE", sessionToken: "TOKEN-VALUE", source: "test")
        let request = SigningRequest(method: "GET", encodedPath: "/b/k", query: [], headers: [("host", "h")], payloadHash: SigV4Signer.unsignedPayload)
        let headers = SigV4Signer(credentials: credentials, region: "us-east-1").signatureHeaders(for: request, date: day)
        XCTAssertEqual(headers.first { $0.name == "x-amz-security-token" }?.value, "TOKEN-VALUE")
        let authorization = headers.first { $0.name == "authorization" }?.value ?? ""
        XCTAssertTrue(authorization.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token"), authorization)
        XCTAssertFalse(authorization.contains("SECRET-VALUE"))
        XCTAssertFalse("\(credentials)".contains("SECRET-VALUE"))
        XCTAssertFalse("\(credentials)".contains("TOKEN-VALUE"))
    }

    func testKeysAreEncodedOnceWithSlashesKept() {
        XCTAssertEqual(URIEncoding.encode("a b+c:d/é//x~y", keepingSlashes: true), "a%20b%2Bc%3Ad/%C3%A9//x~y")
        XCTAssertEqual(URIEncoding.encode("a/b=c"), "a%2Fb%3Dc")
        XCTAssertEqual(URIEncoding.decode("a%20b%2Bc%3Ad/%C3%A9"), "a b+c:d/é")
        XCTAssertNil(URIEncoding.decode("bad%2"))
    }

    func testPathAndVirtualHostedAddressing() throws {
        let path = try S3Endpoint(url: "http://127.0.0.1:8333/", addressing: .path)
        XCTAssertEqual(path.hostHeader(bucket: "bench"), "127.0.0.1:8333")
        XCTAssertEqual(path.encodedPath(bucket: "bench", key: "a b/c"), "/bench/a%20b/c")
        XCTAssertEqual(path.encodedPath(bucket: "bench", key: nil), "/bench/")
        let virtual = S3Endpoint.aws(region: "eu-west-1", addressing: .virtualHosted)
        XCTAssertEqual(virtual.hostHeader(bucket: "bench"), "bench.s3.eu-west-1.amazonaws.com")
        XCTAssertEqual(virtual.encodedPath(bucket: "bench", key: "x//y"), "/x//y")
        XCTAssertEqual(virtual.encodedPath(bucket: "bench", key: nil), "/")
        XCTAssertThrowsError(try S3Endpoint(url: "127.0.0.1:8333", addressing: .path)) { error in
            XCTAssertTrue("\(error)".contains("endpoint_url"), "\(error)")
        }
    }
}
