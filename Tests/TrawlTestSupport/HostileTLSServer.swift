import Foundation

/// A TLS server on 127.0.0.1 with a self-signed certificate, made fresh for each test: the
/// certificate comes from Debian's `openssl req` into a temporary folder, the server is a
/// small python3 `ssl` script. A crawler that verifies certificates must fail the handshake.
///
/// The certificate names 127.0.0.1 (subjectAltName), so the only fault is its issuer: nobody
/// trusts it. Each TCP connection accepted is counted (a line on the script's stdout), which
/// proves the crawler did reach this server and failed in the handshake, not before it.
public final class HostileTLSServer {
    public let port: Int
    /// `"https://127.0.0.1:PORT"`.
    public var origin: String { "https://127.0.0.1:\(port)" }
    /// The self-signed certificate (PEM), to trust it on purpose (the DoH resolver tests).
    public let certificatePath: String
    private let process: Process
    private let output: Pipe
    private let folder: URL

    /// What the server answers once a handshake succeeds (only for a client that trusts the
    /// certificate).
    public enum Mode: String, Sendable {
        /// A small page to any request.
        case page
        /// A DNS-over-HTTPS resolver (RFC 8484, POST) that answers every query NXDOMAIN and
        /// prints `query NAME` for each.
        case dohNXDOMAIN = "doh"
    }

    /// Accepts connections (printing `accepted` for each), attempts the TLS handshake, and
    /// answers as `argv[3]` says.
    private static let script = """
        import socket, ssl, sys, threading
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[1], sys.argv[2])
        mode = sys.argv[3]
        srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", 0)); srv.listen(64)
        print(srv.getsockname()[1], flush=True)
        def qname(msg):
            labels, i = [], 12
            while i < len(msg) and msg[i]:
                labels.append(msg[i + 1:i + 1 + msg[i]].decode("ascii", "replace")); i += 1 + msg[i]
            return ".".join(labels)
        def answer(tls, request):
            if mode != "doh":
                return b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok"
            head, _, body = request.partition(b"\\r\\n\\r\\n")
            length = 0
            for line in head.split(b"\\r\\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length": length = int(value)
            while len(body) < length:
                more = tls.recv(65536)
                if not more: break
                body += more
            print("query " + qname(body), flush=True)
            # Header: ID 0 (RFC 8484), QR RD RA, RCODE 3 (NXDOMAIN); the question echoed.
            dns = b"\\x00\\x00\\x81\\x83" + body[4:6] + b"\\x00\\x00\\x00\\x00\\x00\\x00" + body[12:]
            return (b"HTTP/1.1 200 OK\\r\\nContent-Type: application/dns-message\\r\\nContent-Length: "
                    + str(len(dns)).encode() + b"\\r\\n\\r\\n" + dns)
        def serve(conn):
            try:
                with ctx.wrap_socket(conn, server_side=True) as tls:
                    while True:
                        request = tls.recv(65536)
                        if not request: break
                        while b"\\r\\n\\r\\n" not in request:
                            more = tls.recv(65536)
                            if not more: return
                            request += more
                        tls.sendall(answer(tls, request))
                        if mode != "doh": break
            except Exception:
                pass
        while True:
            conn, _ = srv.accept()
            print("accepted", flush=True)
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
        """

    private init(port: Int, process: Process, output: Pipe, folder: URL, certificatePath: String) {
        self.port = port
        self.certificatePath = certificatePath
        self.process = process
        self.output = output
        self.folder = folder
    }

    /// Generates the certificate and starts the server; returns once it listens. The waiting
    /// (openssl's key generation, the server's first line) happens on a thread of its own, not
    /// on the cooperative pool: in the parallel suite on 2 cores, a blocked pool thread is half
    /// of what every other test's tasks can run on.
    public static func start(mode: Mode = .page) async throws -> HostileTLSServer {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    continuation.resume(returning: try startBlocking(mode: mode))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private static func startBlocking(mode: Mode) throws -> HostileTLSServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trawl-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw TLSServerError.certificate(openssl.terminationStatus) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, cert, key, mode.rawValue]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line is the port (the script prints it once it listens).
        var line: [UInt8] = []
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard let b = byte.first else { break }
            if b == UInt8(ascii: "\n") { break }
            line.append(b)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TLSServerError.noPort(String(decoding: line, as: UTF8.self))
        }
        return HostileTLSServer(port: port, process: process, output: output, folder: folder, certificatePath: cert)
    }

    /// What the server saw: connections accepted, and the names queried (DoH mode).
    public struct Log: Sendable {
        public var accepted: Int
        public var queries: [String]
    }

    /// Stops the server, removes the certificate; returns what it saw.
    @discardableResult
    public func shutdown() -> Log {
        // SIGKILL, not terminate(): the child inherits the test process's signal mask, in which
        // SIGTERM may be blocked.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        try? FileManager.default.removeItem(at: folder)
        let lines = String(decoding: rest, as: UTF8.self).split(separator: "\n")
        return Log(
            accepted: lines.filter { $0 == "accepted" }.count,
            queries: lines.filter { $0.hasPrefix("query ") }.map { String($0.dropFirst("query ".count)) })
    }

    public enum TLSServerError: Error {
        case certificate(Int32)
        case noPort(String)
    }
}
