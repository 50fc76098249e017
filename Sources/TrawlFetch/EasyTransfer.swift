import Foundation
internal import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// Owns one CURL easy handle and everything curl writes into during its transfer.
///
/// Created, used and released on the curl thread only; curl's callbacks reach it through
/// unretained `Unmanaged` userdata, valid because ``MultiDriver`` holds a strong reference
/// for as long as the handle is in the multi handle. `deinit` is the single place that calls
/// `curl_easy_cleanup` and `curl_slist_free_all`, so each happens exactly once; the driver
/// removes the handle from the multi handle before dropping its reference.
final class EasyTransfer {
    /// Transfer id, also stored as the handle's CURLOPT_PRIVATE.
    let id: UInt64
    let request: FetchRequest
    /// The easy handle (`CURL *`).
    let handle: UnsafeMutableRawPointer
    /// Wall clock when the handle was added to the multi handle.
    private(set) var startedAt = Date()

    private var continuation: CheckedContinuation<FetchResponse, any Error>?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var parser = ResponseHeaderParser()
    private var body: [UInt8] = []
    /// The request head as sent (from the debug callback's CURLINFO_HEADER_OUT pieces).
    private var requestHead: [UInt8] = []
    /// Set when the write callback refused data because of `maxBodyBytes`.
    private var bodyCapHit = false
    /// Set when the write callback stopped at `maxBodyBytes` with `truncateAtMaxBody`.
    private var truncated = false
    /// The SSRF guard for this transfer's connection attempts.
    private var addressPolicy: AddressPolicy = .allowAll
    /// The last address the open-socket callback refused, and why.
    private var refusedAddress: (address: String, reason: String)?

    /// Allocates the easy handle; nil if curl cannot (out of memory). The submission's
    /// continuation is only taken over on success.
    init?(_ submission: Submission) {
        guard let handle = curl_easy_init() else { return nil }
        self.id = submission.id
        self.request = submission.request
        self.handle = handle
        self.continuation = submission.continuation
        self.errorBuffer = .allocate(capacity: trawl_curl_error_size)
        errorBuffer.initialize(repeating: 0, count: trawl_curl_error_size)
    }

    deinit {
        // Never leave a fetch hanging, whatever path dropped the transfer.
        continuation?.resume(throwing: FetchError.cancelled)
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Marks the moment the transfer is handed to curl.
    func markStarted() {
        startedAt = Date()
    }

    // MARK: Options

    /// Applies the request and the fetcher-wide options (CA bundle, SSRF guard, low-speed limit)
    /// to the easy handle. Returns the error to fail the fetch with, if any.
    func configure(_ options: TransferOptions = TransferOptions()) -> FetchError? {
        let url = request.url
        // Control characters (NUL, CR, LF...) never belong in a URL and could split the request.
        guard !url.isEmpty, !url.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            return .invalidURL(url)
        }

        var failed: (option: String, code: CURLcode)?
        func set(_ name: String, _ code: CURLcode) {
            if code != CURLE_OK, failed == nil { failed = (name, code) }
        }

        set("URL", trawl_easy_setopt_string(handle, CURLOPT_URL, url))
        set("PRIVATE", trawl_easy_setopt_pointer(handle, CURLOPT_PRIVATE, UnsafeMutableRawPointer(bitPattern: UInt(id))))
        set("ERRORBUFFER", trawl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)))
        set("NOSIGNAL", trawl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        set("FOLLOWLOCATION", trawl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        set("PROTOCOLS_STR", trawl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        set("REDIR_PROTOCOLS_STR", trawl_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        set("CONNECTTIMEOUT_MS", trawl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout)))
        set("TIMEOUT_MS", trawl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout)))
        set("USERAGENT", trawl_easy_setopt_string(handle, CURLOPT_USERAGENT, request.userAgent))
        if !request.forceHTTP1, url.utf8.prefix(8).map(\.asciiLowercased).elementsEqual("https://".utf8) {
            // Prefer waiting for a connection that may multiplex (HTTP/2 is confirmed by ALPN
            // during the TLS handshake) over opening another one. Never for cleartext or
            // forced HTTP/1.1: there it would serialise transfers behind a slow first response.
            set("PIPEWAIT", trawl_easy_setopt_long(handle, CURLOPT_PIPEWAIT, 1))
        }
        if let lowSpeed = options.lowSpeed {
            set("LOW_SPEED_LIMIT", trawl_easy_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, lowSpeed.bytesPerSecond))
            set("LOW_SPEED_TIME", trawl_easy_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, lowSpeed.seconds))
        }
        if request.maxBodyBytes > 0, !request.truncateAtMaxBody {
            // Early rejection of an announced Content-Length above the cap; the write
            // callback enforces the cap on the bytes actually received.
            set("MAXFILESIZE_LARGE", trawl_easy_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxBodyBytes)))
        }
        if let dohURL = options.dohURL {
            set("DOH_URL", trawl_easy_setopt_string(handle, CURLOPT_DOH_URL, dohURL))
        }
        if let caBundlePath = options.caBundlePath {
            set("CAINFO", trawl_easy_setopt_string(handle, CURLOPT_CAINFO, caBundlePath))
        }
        if request.decodeContent {
            // "" = every encoding this libcurl can decode; curl then decodes the body.
            set("ACCEPT_ENCODING", trawl_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
        } else {
            // The body as received, for the archive; the caller decodes (and caps) it itself.
            set("HTTP_CONTENT_DECODING", trawl_easy_setopt_long(handle, CURLOPT_HTTP_CONTENT_DECODING, 0))
        }
        let version = request.forceHTTP1 ? CURL_HTTP_VERSION_1_1 : CURL_HTTP_VERSION_2TLS
        if trawl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, version) != CURLE_OK {
            // A libcurl without HTTP/2 support refuses 2TLS; HTTP/1.1 is still fine.
            set("HTTP_VERSION", trawl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1))
        }

        let me = Unmanaged.passUnretained(self).toOpaque()
        set("WRITEDATA", trawl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, me))
        set("WRITEFUNCTION", trawl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
            guard let userdata else { return 0 }
            let transfer = Unmanaged<EasyTransfer>.fromOpaque(userdata).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        })
        addressPolicy = options.addressPolicy
        if addressPolicy.restricts {
            // Every connection attempt (each resolved address, each transfer: every redirect
            // hop) passes through here, after DNS: the address checked is the one connected to.
            // No proxy from the environment (http_proxy, ALL_PROXY...): through a proxy the
            // address checked would be the proxy's, and the target would go unchecked.
            set("PROXY", trawl_easy_setopt_string(handle, CURLOPT_PROXY, ""))
            set("OPENSOCKETDATA", trawl_easy_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, me))
            set("OPENSOCKETFUNCTION", trawl_easy_setopt_opensocket_callback(handle) { userdata, purpose, address in
                guard let userdata else { return trawl_curl_socket_bad }
                let transfer = Unmanaged<EasyTransfer>.fromOpaque(userdata).takeUnretainedValue()
                return transfer.openSocket(purpose: purpose, address: address)
            })
        }
        set("HEADERDATA", trawl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, me))
        set("HEADERFUNCTION", trawl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, userdata in
            guard let userdata else { return 0 }
            let transfer = Unmanaged<EasyTransfer>.fromOpaque(userdata).takeUnretainedValue()
            return transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
        })

        // The request head as sent comes only through the debug callback, which curl calls only
        // in verbose mode; the callback swallows everything else, so nothing reaches stderr.
        set("DEBUGDATA", trawl_easy_setopt_pointer(handle, CURLOPT_DEBUGDATA, me))
        set("DEBUGFUNCTION", trawl_easy_setopt_debug_callback(handle) { _, type, data, size, userdata in
            guard type == CURLINFO_HEADER_OUT, let userdata else { return 0 }
            let transfer = Unmanaged<EasyTransfer>.fromOpaque(userdata).takeUnretainedValue()
            transfer.receiveRequestHead(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        })
        set("VERBOSE", trawl_easy_setopt_long(handle, CURLOPT_VERBOSE, 1))

        if let headerError = buildHeaderList() { return headerError }
        set("HTTPHEADER", trawl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))

        if let failed {
            return .transport(
                code: Int(failed.code.rawValue),
                message: "\(url): could not set CURLOPT_\(failed.option): \(String(cString: curl_easy_strerror(failed.code)))")
        }
        return nil
    }

    /// Builds the curl_slist of extra request headers, rejecting ones that would break the
    /// request (line breaks, NUL, bad names).
    private func buildHeaderList() -> FetchError? {
        if request.userAgent.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
            return .transport(
                code: Int(CURLE_BAD_FUNCTION_ARGUMENT.rawValue),
                message: "\(request.url): the user agent has a line break in it")
        }
        for header in request.headers {
            let badName = header.name.isEmpty || header.name.utf8.contains { $0 <= 0x20 || $0 == 0x3A || $0 == 0x7F }
            let badValue = header.value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
            if badName || badValue {
                return .transport(
                    code: Int(CURLE_BAD_FUNCTION_ARGUMENT.rawValue),
                    message: "\(request.url): request header \(header.name.debugDescription) has an invalid name or a line break in its value")
            }
            // "Name;" is curl's spelling for a header sent with an empty value.
            let line = header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
            guard let appended = curl_slist_append(headerList, line) else {
                return .transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "\(request.url): out of memory building request headers")
            }
            headerList = appended
        }
        return nil
    }

    /// A `Duration` as curl milliseconds, rounded up and at least 1 (0 would mean "no limit").
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, seconds > 0 || attoseconds > 0 else { return 1 }
        let (wholeMs, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return Int.max }
        let attoPerMs: Int64 = 1_000_000_000_000_000
        let fraction = attoseconds / attoPerMs + (attoseconds % attoPerMs > 0 ? 1 : 0)
        let (total, overflow2) = wholeMs.addingReportingOverflow(fraction)
        return overflow2 ? Int.max : max(1, Int(total))
    }

    // MARK: Callbacks (curl thread, inside curl_multi_perform)

    /// Opens the socket for one connection attempt unless the SSRF guard refuses the address;
    /// a refusal is remembered (curl then tries the host's other addresses, if any).
    private func openSocket(purpose: curlsocktype, address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        let family = address.pointee.family
        let length = Int(address.pointee.addrlen)
        guard let ip = IPAddress(sockaddr: UnsafeRawPointer(trawl_curl_sockaddr_address(address)), length: length) else {
            refusedAddress = ("an address of family \(family)", "not IPv4 or IPv6")
            return trawl_curl_socket_bad
        }
        if case .refused(let reason) = addressPolicy.verdict(for: ip) {
            refusedAddress = (ip.description, reason)
            return trawl_curl_socket_bad
        }
        // What curl itself would do, plus close-on-exec: no child process inherits the socket.
        let fd = socket(family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.protocol)
        return fd >= 0 ? fd : trawl_curl_socket_bad
    }

    /// Appends body bytes; returns a short count (aborting the transfer) once the cap would be
    /// exceeded. With `truncateAtMaxBody` it keeps the bytes up to the cap first.
    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        let count = bytes.count
        guard count > 0 else { return 0 }
        guard count <= request.maxBodyBytes - body.count else {
            if request.truncateAtMaxBody {
                body.append(contentsOf: bytes.prefix(max(0, request.maxBodyBytes - body.count)))
                truncated = true
            } else {
                bodyCapHit = true
            }
            return 0
        }
        if body.isEmpty {
            var announced: curl_off_t = -1
            if trawl_easy_getinfo_off(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced) == CURLE_OK, announced > 0 {
                body.reserveCapacity(Int(min(Int64(announced), Int64(request.maxBodyBytes))))
            }
        }
        body.append(contentsOf: bytes)
        return count
    }

    /// Appends a piece of the request head. A piece arriving after a complete head starts a new
    /// one (curl re-sent the request, e.g. on a reused connection that had closed).
    private func receiveRequestHead(_ bytes: UnsafeRawBufferPointer) {
        if requestHead.count >= 4, requestHead.suffix(4).elementsEqual([13, 10, 13, 10]) {
            requestHead.removeAll(keepingCapacity: true)
        }
        requestHead.append(contentsOf: bytes)
    }

    /// Records one header line; always accepts it.
    private func receiveHeaderLine(_ line: UnsafeRawBufferPointer) -> Int {
        parser.consume(line: line)
        return line.count
    }

    // MARK: Completion

    /// Resumes the fetch with the outcome of a finished transfer (curl thread, after the
    /// handle was removed from the multi handle).
    func complete(with code: CURLcode) {
        if code == CURLE_WRITE_ERROR, truncated {
            finish(.success(makeResponse()))  // stopped at the cap on purpose
            return
        }
        if code != CURLE_OK, let refusedAddress {
            finish(.failure(.blockedAddress(url: request.url, address: refusedAddress.address, reason: refusedAddress.reason)))
            return
        }
        guard code == CURLE_OK else {
            let message = String(cString: errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines)
            finish(.failure(FetchError.from(
                code: code, message: message, url: request.url,
                maxBodyBytes: request.maxBodyBytes, bodyCapHit: bodyCapHit)))
            return
        }
        finish(.success(makeResponse()))
    }

    /// Resumes the fetch with `result` (at most once; later calls do nothing).
    func finish(_ result: Result<FetchResponse, FetchError>) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(with: result)
    }

    private func makeResponse() -> FetchResponse {
        var status = 0
        _ = trawl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var versionCode = 0
        _ = trawl_easy_getinfo_long(handle, CURLINFO_HTTP_VERSION, &versionCode)
        var newConnections = -1
        _ = trawl_easy_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &newConnections)
        var totalMicros: curl_off_t = 0
        _ = trawl_easy_getinfo_off(handle, CURLINFO_TOTAL_TIME_T, &totalMicros)

        let response = FetchResponse(
            url: request.url,
            status: status,
            httpVersion: Self.versionName(versionCode) ?? parser.statusLineVersion ?? "HTTP/1.1",
            headers: parser.headers,
            body: body,
            requestHead: requestHead,
            responseHead: parser.rawHead,
            redirectLocation: (300..<400).contains(status) ? stringInfo(CURLINFO_REDIRECT_URL) : nil,
            remoteIP: stringInfo(CURLINFO_PRIMARY_IP),
            startedAt: startedAt,
            duration: .microseconds(Int64(totalMicros)),
            reusedConnection: newConnections == 0,
            truncated: truncated,
            endedAt: .now)
        body = []
        return response
    }

    private func stringInfo(_ info: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        guard trawl_easy_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        let string = String(cString: value)
        return string.isEmpty ? nil : string
    }

    private static func versionName(_ code: Int) -> String? {
        switch code {
        case CURL_HTTP_VERSION_1_0: "HTTP/1.0"
        case CURL_HTTP_VERSION_1_1: "HTTP/1.1"
        case CURL_HTTP_VERSION_2_0: "HTTP/2"
        case CURL_HTTP_VERSION_3: "HTTP/3"
        default: nil
        }
    }
}
