// `dataset-codegen` turns .proto dataset descriptions into Swift types. The generator is built by
// the codegen issue; until then this executable says so and fails, rather than pretending.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let message = "dataset-codegen: not implemented yet (the codegen issue delivers the generator)\n"
_ = message.withCString { write(2, $0, strlen($0)) }
exit(2)
