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
    private let process: Process
    private let output: Pipe
    private let folder: URL

    /// Accepts connections, attempts the TLS handshake on each, and answers any request that
    /// gets through with a small page (only a client that skips verification gets there).
    private static let script = """
        import socket, ssl, sys, threading
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[1], sys.argv[2])
        srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", 0)); srv.listen(64)
        print(srv.getsockname()[1], flush=True)
        def serve(conn):
            try:
                with ctx.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(65536)
                    tls.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok")
            except Exception:
                pass
        while True:
            conn, _ = srv.accept()
            print("accepted", flush=True)
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
        """

    private init(port: Int, process: Process, output: Pipe, folder: URL) {
        self.port = port
        self.process = process
        self.output = output
        self.folder = folder
    }

    /// Generates the certificate and starts the server; returns once it listens.
    public static func start() throws -> HostileTLSServer {
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
        process.arguments = ["python3", "-c", script, cert, key]
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
        return HostileTLSServer(port: port, process: process, output: output, folder: folder)
    }

    /// Stops the server, removes the certificate; returns how many connections it accepted.
    @discardableResult
    public func shutdown() -> Int {
        // SIGKILL, not terminate(): the child inherits the test process's signal mask, in which
        // SIGTERM may be blocked.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        try? FileManager.default.removeItem(at: folder)
        return String(decoding: rest, as: UTF8.self).split(separator: "\n").filter { $0 == "accepted" }.count
    }

    public enum TLSServerError: Error {
        case certificate(Int32)
        case noPort(String)
    }
}
