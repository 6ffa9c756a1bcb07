import AgentTools
import Foundation
import XCTest

@testable import Bridge

/// The stand-in model server (Fixtures/scripted_model_server.py) as a test sees it: start it with
/// a script of replies, point the bridge at its URL, read back what the bridge sent.
final class ScriptedModelServer {
    let port: Int
    private let process: Process
    private let directory: String
    private var requestsPath: String { directory + "/requests.jsonl" }

    var url: String { "http://127.0.0.1:\(port)" }

    init(_ replies: [ToolValue]) throws {
        directory = NSTemporaryDirectory() + "sfa-model-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let scriptPath = directory + "/script.json"
        try ToolValue.array(replies).jsonData.write(to: URL(fileURLWithPath: scriptPath))
        let serverScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/scripted_model_server.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", serverScript, scriptPath, directory + "/requests.jsonl"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        // The first line is the port; reading it also waits until the server listens.
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw ServerDidNotStart()
        }
        self.port = port
    }

    deinit {
        // SIGKILL: the test process may run with SIGTERM blocked, and the child inherits that mask.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Every request received so far: path, Authorization header, body.
    func requests() throws -> [ToolValue] {
        guard let text = try? String(contentsOfFile: requestsPath, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try ToolValue(jsonText: String($0)) }
    }

    /// The messages of request `index`.
    func messages(ofRequest index: Int) throws -> [ToolValue] {
        let requests = try requests()
        guard index < requests.count else { throw NoSuchRequest(index: index, count: requests.count) }
        return requests[index]["body"]?["messages"]?.arrayValue ?? []
    }

    struct ServerDidNotStart: Error {}
    struct NoSuchRequest: Error {
        let index: Int
        let count: Int
    }
}

/// Script helpers: a reply that calls tools, one that answers in words.
enum Reply {
    static func call(_ name: String, _ arguments: ToolValue) -> ToolValue {
        ["tool_calls": [["name": .string(name), "arguments": arguments]]]
    }

    static func calls(_ calls: [(String, ToolValue)]) -> ToolValue {
        ["tool_calls": .array(calls.map { ["name": .string($0.0), "arguments": $0.1] })]
    }

    static func text(_ pieces: String...) -> ToolValue {
        ["text": .array(pieces.map(ToolValue.string))]
    }
}
