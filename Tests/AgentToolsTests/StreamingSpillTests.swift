import Foundation
import XCTest

// A command's output collected with bounded memory: small output stays inline, output past the
// memory limit goes whole to a 0600 file while only its beginning and end are kept.
@testable import AgentTools

final class StreamingSpillTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "sfa-spill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testSmallOutputIsReturnedInline() {
        let spill = OutputSpill(inlineBytes: 1000, environment: ["HOME": directory])
        let stream = StreamingSpill(spill: spill, label: "stdout", memoryLimit: 4096)
        stream.append(Array("hello\n".utf8)[...])
        let output = stream.finish(totalBytes: 6, capped: false)
        XCTAssertEqual(output.text, "hello\n")
        XCTAssertNil(output.savedTo)
    }

    func testOutputPastTheMemoryLimitIsStreamedWholeToAPrivateFile() throws {
        let spill = OutputSpill(inlineBytes: 1000, environment: ["HOME": directory])
        let stream = StreamingSpill(spill: spill, label: "stdout", memoryLimit: 4096)
        var expected = [UInt8]()
        for index in 0..<500 {
            let line = Array("line \(index)\n".utf8)
            expected += line
            stream.append(line[...])
        }
        let output = stream.finish(totalBytes: expected.count, capped: false)
        let path = try XCTUnwrap(output.savedTo)
        XCTAssertEqual(FileManager.default.contents(atPath: path), Data(expected))
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o777, 0o600)
        XCTAssertTrue(output.text.hasPrefix("line 0\nline 1\n"), output.text)
        XCTAssertTrue(output.text.hasSuffix("line 498\nline 499\n"), output.text)
        XCTAssertTrue(output.text.contains("bytes omitted; full stdout (\(expected.count) bytes) saved to \(path)"))
        XCTAssertGreaterThan(output.omittedBytes, expected.count - 1000 - 1)
        XCTAssertLessThan(output.text.utf8.count, 1400, "only the ends are inline")
    }
}
