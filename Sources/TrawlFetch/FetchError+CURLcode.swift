internal import CCurl

extension FetchError {
    /// Maps a failed transfer's CURLcode to a `FetchError`.
    ///
    /// - Parameters:
    ///   - code: the result of the transfer; must not be `CURLE_OK`.
    ///   - message: curl's error buffer text (may be empty; `curl_easy_strerror` is used then).
    ///   - url: the requested URL, named in the detail text.
    ///   - maxBodyBytes: the request's cap, for ``bodyTooLarge(limit:)``.
    ///   - bodyCapHit: true when our write callback refused data because of the cap.
    static func from(
        code: CURLcode, message: String, url: String, maxBodyBytes: Int, bodyCapHit: Bool
    ) -> FetchError {
        let text = message.isEmpty ? String(cString: curl_easy_strerror(code)) : message
        let detail = "\(url): \(text)"
        if bodyCapHit { return .bodyTooLarge(limit: maxBodyBytes) }
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .invalidURL(url)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotResolveHost(detail)
        case CURLE_COULDNT_CONNECT:
            return .couldNotConnect(detail)
        case CURLE_OPERATION_TIMEDOUT:
            // libcurl reports its low-speed abort with the timeout code; its message tells them
            // apart ("Operation too slow. Less than N bytes/sec transferred the last T seconds").
            return text.contains("too slow") ? .tooSlow(detail) : .timedOut(detail)
        case CURLE_FILESIZE_EXCEEDED:
            return .bodyTooLarge(limit: maxBodyBytes)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return .tls(detail)
        default:
            return .transport(code: Int(code.rawValue), message: detail)
        }
    }

    /// ``from(code:message:url:maxBodyBytes:bodyCapHit:)`` for a raw CURLcode value
    /// (lets callers without the C module, such as tests, use the mapping).
    static func from(
        rawCode: UInt32, message: String, url: String, maxBodyBytes: Int, bodyCapHit: Bool
    ) -> FetchError {
        from(code: CURLcode(rawValue: rawCode), message: message, url: url,
             maxBodyBytes: maxBodyBytes, bodyCapHit: bodyCapHit)
    }
}
