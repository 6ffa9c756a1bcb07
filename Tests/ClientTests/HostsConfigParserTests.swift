import AgentPolicy
import Foundation
import HostConfiguration
import XCTest

final class HostsConfigParserTests: XCTestCase {
    private let parser = HostsConfigParser(path: "/etc/sfa/hosts.json", homeDirectory: "/home/me")

    private func parse(_ json: String) throws -> HostsConfig {
        try parser.parse(Data(json.utf8))
    }

    private func error(_ json: String) -> String {
        do {
            _ = try parse(json)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testFullEntryWithDefaultsAndPathResolution() throws {
        let config = try parse(
            """
            {"hosts": {"prod": {"hostname": "prod.example", "username": "agent", "private_key": "~/.ssh/id_ed25519",
              "passphrase_env": "PROD_KEY_PASS", "known_hosts": "keys/known_hosts"},
             "lab": {"hostname": "::1", "username": "u", "port": 2222, "verify_host_key": false}},
             "policy": {"mode": "readonly", "max_output_bytes": 4096, "default_timeout": 5, "confirmation": "deny"}}
            """)
        XCTAssertEqual(config.aliases, ["lab", "prod"])
        let prod = try config.host("prod")
        XCTAssertEqual(prod.port, 22)
        XCTAssertEqual(prod.privateKey, "/home/me/.ssh/id_ed25519")
        XCTAssertEqual(prod.knownHosts, "/etc/sfa/keys/known_hosts")
        XCTAssertEqual(prod.passphraseEnv, "PROD_KEY_PASS")
        XCTAssertTrue(prod.verifyHostKey)
        XCTAssertEqual(prod.policy.engine.mode, .readonly)
        XCTAssertEqual(prod.policy.maxOutputBytes, 4096)
        XCTAssertEqual(prod.policy.confirmation, .deny)
        let lab = try config.host("lab")
        XCTAssertEqual(lab.port, 2222)
        XCTAssertNil(lab.privateKey, "no key means ssh-agent")
        XCTAssertFalse(lab.verifyHostKey)
    }

    func testTransportAndSSHConfigHost() throws {
        let config = try parse(
            """
            {"hosts": {"plain": {"hostname": "p", "username": "u"},
              "jumped": {"ssh_config_host": "inner", "transport": "openssh"},
              "pinned": {"hostname": "q", "username": "u", "transport": "libssh2"},
              "aliased": {"ssh_config_host": "db", "username": "agent", "port": 2200}}}
            """)
        XCTAssertEqual(try config.host("plain").transport, .auto, "auto is the default")
        XCTAssertNil(try config.host("plain").sshConfigHost)
        let jumped = try config.host("jumped")
        XCTAssertEqual(jumped.transport, .openssh)
        XCTAssertEqual(jumped.sshConfigHost, "inner")
        XCTAssertEqual(jumped.hostname, "", "ssh's config decides")
        XCTAssertEqual(jumped.username, "")
        XCTAssertEqual(jumped.port, 0)
        XCTAssertEqual(try config.host("pinned").transport, .libssh2)
        let aliased = try config.host("aliased")
        XCTAssertEqual(aliased.username, "agent")
        XCTAssertEqual(aliased.port, 2200)

        let unknown = error(#"{"hosts": {"x": {"hostname": "h", "username": "u", "transport": "putty"}}}"#)
        XCTAssertTrue(unknown.contains(#"unknown value "putty"; use "libssh2", "openssh" or "auto""#), unknown)
        let option = error(#"{"hosts": {"x": {"ssh_config_host": "-oProxyCommand=x"}}}"#)
        XCTAssertTrue(option.contains("ssh_config_host"), option)
        let neither = error(#"{"hosts": {"x": {"username": "u"}}}"#)
        XCTAssertTrue(neither.contains("or set ssh_config_host"), neither)
    }

    /// `ssh-for-agents-config check` calls any other field a typo: each field the parser reads is known.
    func testEveryFieldTheParserReadsIsAKnownHostField() throws {
        let source = try String(
            contentsOfFile: #filePath.replacingOccurrences(
                of: "Tests/ClientTests/HostsConfigParserTests.swift",
                with: "Sources/Client/HostConfiguration/HostsConfigParser.swift"),
            encoding: .utf8)
        var read = Set<String>()
        for piece in source.components(separatedBy: "fields.").dropFirst() {
            guard let open = piece.firstIndex(of: "\""), piece[..<open].allSatisfy({ $0.isLetter || $0 == "(" }) else { continue }
            let rest = piece[piece.index(after: open)...]
            guard let close = rest.firstIndex(of: "\"") else { continue }
            read.insert(String(rest[..<close]))
        }
        XCTAssertTrue(read.contains("approval_key_env"), "\(read)")
        XCTAssertEqual(read.subtracting(HostsConfigParser.hostFields), [])
    }

    func testHostPolicyOverridesOnlyTheKeysItSets() throws {
        let config = try parse(
            """
            {"policy": {"mode": "readonly", "extra_denylist": ["terraform"], "default_timeout": 9},
             "hosts": {"a": {"hostname": "a", "username": "u", "policy": {"mode": "unrestricted"}}, "b": {"hostname": "b", "username": "u"}}}
            """)
        let a = try config.host("a")
        XCTAssertEqual(a.policy.engine.mode, .unrestricted)
        XCTAssertEqual(a.policy.engine.extraDenylist, ["terraform"])
        XCTAssertEqual(a.policy.defaultTimeoutSeconds, 9)
        XCTAssertEqual(try config.host("b").policy.engine.mode, .readonly)
    }

    func testErrorsNameTheHostAndField() {
        let cases: [(json: String, expected: String)] = [
            (#"{"hosts": {"x": {"username": "u"}}}"#, #"host "x", field "hostname": required"#),
            (#"{"hosts": {"x": {"hostname": "h"}}}"#, #"host "x", field "username": required"#),
            (
                #"{"hosts": {"x": {"hostname": "h", "username": "u", "port": "22"}}}"#,
                #"host "x", field "port": expected a number, got a string"#
            ),
            (
                #"{"hosts": {"x": {"hostname": "h", "username": "u", "port": 70000}}}"#,
                #"field "port": must be between 1 and 65535"#
            ),
            (
                #"{"hosts": {"x": {"hostname": "h", "username": "u", "private_key": "k", "passphrase_env": "hunter2 secret"}}}"#,
                #"field "passphrase_env": must name an environment variable"#
            ),
            (
                #"{"hosts": {"x": {"hostname": "h", "username": "u", "policy": {"mode": "yolo"}}}}"#,
                #"field "policy.mode": unknown mode "yolo"; use one of readonly, cautious, guarded, unrestricted"#
            ),
            (
                #"{"hosts": {"x": {"hostname": "h", "username": "u", "verify_host_key": "no"}}}"#,
                #"field "verify_host_key": expected true or false"#
            ),
            (#"{"policy": {"confirmation": "maybe"}, "hosts": {}}"#, #"field "policy.confirmation": unknown value "maybe""#),
            (
                #"{"hosts": {"x": {"hostname": "-oProxyCommand=sh", "username": "u"}}}"#,
                #"host "x", field "hostname": must be a DNS name"#
            ),
            (#"{"hosts": {"x": {"hostname": "h;id", "username": "u"}}}"#, #"field "hostname": must be a DNS name"#),
            (#"{"hosts": {"x": {"hostname": "h", "username": "u $(id)"}}}"#, #"field "username": must be an account name"#),
            (
                #"{"policy": {"default_timeout": 1e400}, "hosts": {}}"#,
                #"field "policy.default_timeout": expected a finite number"#
            ),
            (#"{"policy": {"default_timeout": 1e300}, "hosts": {}}"#, #"field "policy.default_timeout": must be at most"#),
            (#"{"hosts": []}"#, #"field "hosts": expected an object of aliases, got an array"#),
            (#"{"hosts": {"x": "#, "is not valid JSON"),
        ]
        for (json, expected) in cases {
            let message = error(json)
            XCTAssertTrue(message.contains(expected), "\(json)\n  got: \(message)\n  want: \(expected)")
            XCTAssertTrue(message.contains("/etc/sfa/hosts.json"), "message names the file: \(message)")
        }
    }

    /// Issue 19, item 8: a syntax error says where it is (JSONDecoder said only "not valid JSON").
    func testSyntaxErrorsNameLineAndColumn() {
        let cases: [(json: String, expected: String)] = [
            (
                "{\n  \"hosts\": {\n    \"web\": {\"hostname\": \"h\" \"username\": \"u\"}\n  }\n}",
                #"line 3, column 29: expected ',' or '}' after the value of "hostname", found '"'"#
            ),
            (
                "{\"hosts\": {\"a\": {\"hostname\": \"h\", \"username\": \"u\",}}}",
                "line 1, column 51: expected a key in double quotes after ','"
            ),
            ("{\"hosts\": {\"a\": {}, \"a\": {}}}", #"line 1, column 21: the key "a" appears twice in this object"#),
            ("{\"hosts\": {\"a\": {\"port\": 022}}}", "line 1, column 26: a number may not start with 0"),
            ("{\"hosts\": {\"a\": {\"hostname\": 'h'}}}", "line 1, column 30: expected a value"),
            ("{\"hosts\": {}} x", "line 1, column 15: unexpected 'x' after the end of the document"),
            ("", "line 1, column 1: the file is empty"),
            (#"{"hosts": {"x": "#, "line 1, column 17: unexpected end of the file; expected a value"),
        ]
        for (json, expected) in cases {
            let message = error(json)
            XCTAssertTrue(message.contains("is not valid JSON ("), message)
            XCTAssertTrue(message.contains(expected), "\(json)\n  got: \(message)\n  want: \(expected)")
        }
    }

    func testReaderAcceptsWhatJSONAllows() throws {
        let json =
            #"{"hosts": {"ü-1": {"hostname": "h\u00fcb", "username": "u", "port": 2.2e1, "policy": {"extra_denylist": ["\ud83d\ude00\n"]}, "x": [true, false, null, -0.5E-3, {}, []]}}}"#
        let config = try parse(json)
        XCTAssertEqual(config.hosts["ü-1"]?.hostname, "hüb")
        XCTAssertEqual(config.hosts["ü-1"]?.policy.engine.extraDenylist, ["😀\n"])
        XCTAssertEqual(config.hosts["ü-1"]?.port, 22)
    }

    func testPassphraseValueNeverAppearsInErrors() {
        let message = error(
            #"{"hosts": {"x": {"hostname": "h", "username": "u", "private_key": "k", "passphrase_env": "correct horse battery"}}}"#
        )
        XCTAssertFalse(message.contains("correct horse battery"), message)
    }

    func testUnknownHostListsTheKnownOnes() throws {
        let config = try parse(
            #"{"hosts": {"web": {"hostname": "w", "username": "u"}, "db": {"hostname": "d", "username": "u"}}}"#)
        XCTAssertThrowsError(try config.host("dbb")) { error in
            XCTAssertEqual("\(error)", #"unknown host "dbb" in /etc/sfa/hosts.json; known hosts: db, web"#)
        }
    }
}
