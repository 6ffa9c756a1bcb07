// Optional: a real model server on loopback. Skipped (with the reason) unless Ollama listens on
// 127.0.0.1:11434 and OLLAMA_MODEL names a model it has; the main suite never depends on it.
import AgentTools
import Foundation
import Gateway
import HostConfiguration
import SSHTransport
import XCTest

@testable import Bridge

final class LiveModelTests: XCTestCase {
    func testARealOllamaModelCallsListHosts() async throws {
        guard let model = ProcessInfo.processInfo.environment["OLLAMA_MODEL"], !model.isEmpty else {
            throw XCTSkip("OLLAMA_MODEL is not set; set it to a pulled model with tool support to run this test")
        }
        guard Self.listening(port: 11434) else {
            throw XCTSkip("no Ollama listening on 127.0.0.1:11434 (start it with `ollama serve`)")
        }
        let directory = NSTemporaryDirectory() + "sfa-live-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #"{"hosts": {"alpha": {"hostname": "127.0.0.1", "port": 1, "username": "agent"}}}"#
            .write(toFile: directory + "/hosts.json", atomically: true, encoding: .utf8)
        let gateway = Gateway(configStore: HostConfigStore(path: directory + "/hosts.json"), transport: SSHConnectionPool())
        let client = ModelServerClient(server: ModelServer(baseURL: "http://127.0.0.1:11434", api: .ollama, model: model))
        let sink = CollectingSink()
        let session = ChatSession(
            client: client, table: ToolTable(gateway: gateway, spill: OutputSpill(inlineBytes: 1000)),
            human: nil, display: ConsoleDisplay(sink: sink, color: false), maxSteps: 6)
        let outcome = await session.send("Use the list_hosts tool, then tell me the name of the one host.")
        await client.shutdown()
        await gateway.shutdown()
        guard case .finished = outcome else { return XCTFail("\(outcome): \(sink.text)") }
        XCTAssertTrue(sink.text.contains("▸ list_hosts"), sink.text)
    }

    static func listening(port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
