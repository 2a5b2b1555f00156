import TestSupport

extension SeaweedServer {
    /// The running server as the S3 tests address it.
    var server: S3TestServer {
        get throws { try S3TestServer.fromVariables(variables, origin: "\(stateDirectory)/env") }
    }
}
