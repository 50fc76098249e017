import Logging

/// Fetches URLs over HTTP/1.1 and HTTP/2 with libcurl's multi interface.
///
/// One fetcher owns one multi handle (so connections are reused across fetches) and one
/// dedicated thread that drives it; `fetch` hands transfers to that thread and suspends
/// until they finish. Call ``shutdown()`` before dropping the last reference.
public final class Fetcher: Sendable {
    /// Connection limits of the fetcher's shared connection pool.
    public struct Configuration: Sendable {
        /// Most connections open at once across all hosts; 0 = unlimited. Default 64.
        /// Transfers beyond it wait inside curl for a free connection.
        public var maxTotalConnections: Int
        /// Most connections open at once to one host; 0 = unlimited. Default 8.
        public var maxConnectionsPerHost: Int
        /// PEM file of CA certificates to verify https servers against instead of the
        /// system's bundle (CURLOPT_CAINFO), e.g. a private CA. Default nil: the system's.
        public var caBundlePath: String?
        /// The SSRF guard: which resolved addresses transfers may connect to, checked on every
        /// connection attempt. Default: public addresses only (``AddressPolicy/init(allowPrivate:allow:deny:)``);
        /// ``AddressPolicy/allowAll`` turns the check off. A refused address fails the fetch
        /// with ``FetchError/blockedAddress(url:address:reason:)``.
        public var addressPolicy: AddressPolicy
        /// Abort transfers slower than this for this long; nil (default) = no low-speed check.
        public var lowSpeed: LowSpeedLimit?
        /// Resolve host names with DNS-over-HTTPS at this https URL (CURLOPT_DOH_URL) instead of
        /// the system resolver; nil (default) = the system resolver. libcurl sends the A and
        /// AAAA queries there itself (verified against ``caBundlePath`` or the system CAs); an
        /// IP-literal URL needs no resolving of its own. The SSRF guard still checks the
        /// addresses the answers name.
        public var dohURL: String?

        /// Creates a configuration.
        public init(
            maxTotalConnections: Int = 64, maxConnectionsPerHost: Int = 8, caBundlePath: String? = nil,
            addressPolicy: AddressPolicy = AddressPolicy(), lowSpeed: LowSpeedLimit? = nil, dohURL: String? = nil
        ) {
            self.maxTotalConnections = maxTotalConnections
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.caBundlePath = caBundlePath
            self.addressPolicy = addressPolicy
            self.lowSpeed = lowSpeed
            self.dohURL = dohURL
        }
    }

    /// The configuration the fetcher was created with.
    public let configuration: Configuration
    private let loop: MultiLoop

    /// Creates the fetcher and starts its curl thread.
    public init(configuration: Configuration = .init(), logger: Logger = Logger(label: "trawl.fetch")) {
        self.configuration = configuration
        self.loop = MultiLoop(
            maxTotalConnections: configuration.maxTotalConnections,
            maxConnectionsPerHost: configuration.maxConnectionsPerHost,
            transferOptions: TransferOptions(
                caBundlePath: configuration.caBundlePath, addressPolicy: configuration.addressPolicy,
                lowSpeed: configuration.lowSpeed, dohURL: configuration.dohURL),
            logger: logger)
    }

    deinit {
        assert(loop.isShutDown, "Fetcher released without shutdown()")
        loop.shutdown()  // release builds: still stop the thread rather than leak it
    }

    /// Runs one transfer on the fetcher's thread. Throws ``FetchError``.
    ///
    /// Cancelling the calling task aborts the transfer and throws ``FetchError/cancelled``.
    /// Any HTTP status is a response, not an error; redirects are not followed.
    public func fetch(_ request: FetchRequest) async throws -> FetchResponse {
        let id = loop.makeTransferID()
        let gate = CancellationGate()
        let loop = loop
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<FetchResponse, any Error>) in
                let submitted = gate.submit {
                    loop.submit(Submission(id: id, request: request, continuation: continuation))
                }
                if !submitted {
                    continuation.resume(throwing: FetchError.cancelled)
                }
            }
        } onCancel: {
            gate.cancel { loop.cancel(id) }
        }
    }

    /// Stops the thread; pending and in-flight fetches fail with `.cancelled`, later ones too.
    /// Idempotent. Blocks the caller briefly, until the thread has cleaned up.
    public func shutdown() {
        loop.shutdown()
    }

    /// True once ``shutdown()`` has been called.
    public var isShutDown: Bool { loop.isShutDown }

    /// Requests the fetcher's thread holds until their ``FetchRequest/startAt`` (diagnostics,
    /// and tests that must know a request reached the thread before they act on it).
    public var requestsWaitingForStart: Int { loop.waitingForStart }
}
