import Foundation
import SandboxSSHD
import TestProcesses
import XCTest

/// `ssh-for-agents-config` end to end: the built binary on real files; `trust` against a real
/// sandbox sshd, with the fixes the other tools print run exactly as printed.
final class ConfigCLITests: XCTestCase {
    private var directory = ""
    private var configPath: String { directory + "/hosts.json" }

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "sfa-config-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a tool in the test's directory with `HOME` there too, so nothing of the real user's
    /// configuration is read or written.
    @discardableResult
    private func tool(_ name: String, _ arguments: [String], stdin: String = "") throws -> ProgramOutput {
        try Self.tool(name, arguments, in: directory, stdin: stdin)
    }

    private static func tool(_ name: String, _ arguments: [String], in directory: String, stdin: String = "") throws
        -> ProgramOutput
    {
        try BuiltBinaries.run(
            name, arguments, environment: ["HOME": directory, "SSH_AGENT_CONFIG": ""],
            currentDirectory: directory, stdin: stdin)
    }

    private func config(_ arguments: [String], stdin: String = "") throws -> ProgramOutput {
        try tool("ssh-for-agents-config", ["--config", configPath] + arguments, stdin: stdin)
    }

    private func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    private func mode(_ path: String) throws -> Int {
        try XCTUnwrap((FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    // MARK: add, list, remove

    func testAddCreatesAPrivateFileThenUpdatesInPlace() throws {
        var output = try config([
            "add", "prod", "--hostname", "203.0.113.10", "--user", "deploy", "--key", "~/.ssh/id_ed25519",
            "--passphrase-env", "PROD_SSH_PASSPHRASE", "--mode", "guarded",
        ])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("added host prod to \(configPath) (created)"), output.stdout)
        XCTAssertEqual(try mode(configPath), 0o600)

        output = try config(["add", "prod", "--port", "2222", "--confirmation", "deny"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(output.stdout, "updated host prod in \(configPath): policy.confirmation, port\n")
        output = try config(["add", "prod", "--port", "2222"])
        XCTAssertTrue(output.stdout.contains("already had these settings"), output.stdout)

        output = try config(["list", "--json"])
        XCTAssertEqual(output.status, 0, output.stderr)
        let listed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let host = try XCTUnwrap((listed["hosts"] as? [[String: Any]])?.first)
        XCTAssertEqual(host["alias"] as? String, "prod")
        XCTAssertEqual(host["port"] as? Int, 2222)
        XCTAssertEqual(host["username"] as? String, "deploy")
        XCTAssertEqual(host["private_key"] as? String, directory + "/.ssh/id_ed25519", "~ is $HOME")
        XCTAssertEqual((host["policy"] as? [String: Any])?["confirmation"] as? String, "deny")

        output = try config(["list"])
        XCTAssertTrue(output.stdout.contains("prod  deploy@203.0.113.10:2222  guarded  deny"), output.stdout)
    }

    func testEditsKeepUnknownFieldsKeyOrderAndMode() throws {
        let original = """
            {
              "x-comment": "hand written",
              "hosts": {
                "zeta": {"username": "u", "hostname": "z.example", "labels": ["db", "eu"], "port": 22},
                "alpha": {"hostname": "a.example", "username": "u"}
              },
              "policy": {"mode": "cautious", "future_knob": 1.50}
            }
            """
        try original.write(toFile: configPath, atomically: true, encoding: .utf8)
        chmod(configPath, 0o640)
        XCTAssertEqual(try config(["add", "zeta", "--port", "2200"]).status, 0)
        XCTAssertEqual(try config(["add", "mid", "--hostname", "m", "--user", "u"]).status, 0)
        XCTAssertEqual(try config(["set-policy", "--deny", "terraform", "--deny", "helm"]).status, 0)
        let rewritten = try text(configPath)
        XCTAssertEqual(try mode(configPath), 0o640, "the file's mode is kept")
        let order = [
            "\"x-comment\"", "\"hosts\"", "\"zeta\"", "\"username\"", "\"hostname\": \"z.example\"", "\"labels\"",
            "\"port\": 2200", "\"alpha\"", "\"mid\"", "\"policy\"", "\"mode\": \"cautious\"", "\"future_knob\": 1.50",
            "\"extra_denylist\"",
        ]
        let positions = order.map { rewritten.range(of: $0)?.lowerBound }
        XCTAssertFalse(positions.contains(nil), rewritten)
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted(), "key order kept:\n\(rewritten)")
        XCTAssertTrue(rewritten.contains("\"db\",\n"), rewritten)
        XCTAssertTrue(rewritten.contains("\"helm\""), rewritten)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/.hosts.json.tmp"), "no temporary file left")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [])
    }

    func testRemoveUnknownAliasListsTheKnownOnes() throws {
        try config(["add", "web", "--hostname", "w", "--user", "u"])
        try config(["add", "db", "--hostname", "d", "--user", "u"])
        var output = try config(["remove", "wbe"])
        XCTAssertEqual(output.status, 2)
        XCTAssertTrue(
            output.stderr.contains(#"unknown host "wbe""#) && output.stderr.contains("known hosts: web, db"), output.stderr)
        output = try config(["remove", "web"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertFalse(try text(configPath).contains("\"web\""))
    }

    func testNewHostNeedsHostnameAndUserAndNothingIsWritten() throws {
        let output = try config(["add", "web", "--hostname", "w"])
        XCTAssertEqual(output.status, 2)
        XCTAssertTrue(output.stderr.contains("--hostname and --user are required"), output.stderr)
        XCTAssertTrue(output.stderr.contains("nothing was written"), output.stderr)
    }

    func testAddAnSSHConfigAliasWithTheOpenSSHTransport() throws {
        let output = try config(["add", "inner", "--ssh-config-host", "inner", "--transport", "openssh"])
        XCTAssertEqual(output.status, 0, output.stderr)
        let listed = try config(["list", "--json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        let host = try XCTUnwrap((object["hosts"] as? [[String: Any]])?.first { $0["alias"] as? String == "inner" })
        XCTAssertEqual(host["ssh_config_host"] as? String, "inner")
        XCTAssertEqual(host["transport"] as? String, "openssh")
        XCTAssertEqual(try config(["add", "inner", "--transport", "auto"]).status, 0)
        XCTAssertFalse(try text(configPath).contains("\"transport\""), "auto is the default and not written")
    }

    func testPassphraseIsNeverTakenOnTheCommandLine() throws {
        let output = try config([
            "add", "web", "--hostname", "w", "--user", "u", "--key", "/k", "--passphrase-env", "my secret pass",
        ])
        XCTAssertEqual(output.status, 2)
        XCTAssertTrue(output.stderr.contains("--passphrase-env takes the NAME"), output.stderr)
        XCTAssertFalse(output.stderr.contains("my secret pass"), "the value is not echoed: \(output.stderr)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: configPath))
    }

    // MARK: A broken file

    func testBrokenFileIsRefusedWithEveryProblemAndLeftUntouched() throws {
        let broken = """
            {"hosts": {
              "web": {"hostname": "w", "port": "22"},
              "db": {"hostname": "d", "username": "u", "policy": {"mode": "yolo"}},
              "ok": {"hostname": "o", "username": "u", "hostnme": "typo"}
            }}
            """
        try broken.write(toFile: configPath, atomically: true, encoding: .utf8)
        let before = try text(configPath)
        let check = try config(["check"])
        XCTAssertEqual(check.status, 2, check.stdout + check.stderr)
        for expected in [
            #"host "web", field "username": required"#, #"host "web", field "port": expected a number"#,
            #"host "db", field "policy.mode": unknown mode "yolo""#,
        ] {
            XCTAssertTrue(check.stdout.contains("problem: \(configPath): \(expected)"), "\(expected)\n\(check.stdout)")
        }
        XCTAssertTrue(check.stdout.contains(#"warning: \#(configPath): host "ok": unknown field "hostnme""#), check.stdout)
        XCTAssertTrue(check.stderr.contains("has 3 problems"), check.stderr)

        let add = try config(["add", "new", "--hostname", "n", "--user", "u"])
        XCTAssertEqual(add.status, 2)
        XCTAssertTrue(add.stderr.contains("nothing was written"), add.stderr)
        XCTAssertEqual(try text(configPath), before, "a broken file is left as it is")

        try "{\"hosts\": {\n  \"web\": {\"hostname\": \"w\",}\n}}".write(toFile: configPath, atomically: true, encoding: .utf8)
        let syntax = try config(["check"])
        XCTAssertEqual(syntax.status, 2)
        XCTAssertTrue(syntax.stdout.contains("line 2, column 27: expected a key in double quotes after ','"), syntax.stdout)
    }

    func testCheckOfAGoodFile() throws {
        try config(["add", "web", "--hostname", "w", "--user", "u", "--key", directory + "/missing_key"])
        let output = try config(["check"])
        XCTAssertEqual(output.status, 0, output.stdout + output.stderr)
        XCTAssertTrue(output.stdout.contains("is valid: 1 host"), output.stdout)
        XCTAssertTrue(output.stdout.contains("private_key \(directory)/missing_key does not exist"), output.stdout)
    }

    func testAdminRulesAreListedAndBadOnesNamed() throws {
        try config(["add", "web", "--hostname", "w", "--user", "u"])
        var document = try text(configPath)
        let rule =
            #"{"id": "local.no-pg-stop", "match": ["systemctl", "stop", "postgresql*"], "decision": "block", "reason": "db"}"#
        document = document.replacingOccurrences(of: #""hosts""#, with: #""policy": {"rules": [\#(rule)]}, "hosts""#)
        try Data(document.utf8).write(to: URL(fileURLWithPath: configPath))
        var output = try config(["list", "--json"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("local.no-pg-stop"), output.stdout)
        let check = try tool(
            "ssh-for-agents-run", ["--config", configPath, "check", "--explain", "web", "sudo systemctl stop postgresql"])
        XCTAssertEqual(check.status, 11, check.stderr)
        XCTAssertTrue(check.stdout.contains("decided: local.no-pg-stop (block, an administrator's rule"), check.stdout)
        document = document.replacingOccurrences(of: #""decision": "block""#, with: #""decision": "deny""#)
        try Data(document.utf8).write(to: URL(fileURLWithPath: configPath))
        output = try config(["check"])
        XCTAssertEqual(output.status, 2, output.stdout)
        XCTAssertTrue((output.stdout + output.stderr).contains("policy.rules[0].decision"), output.stdout + output.stderr)
    }

    // MARK: Concurrency

    /// The advisory lock: concurrent adds are applied one after the other, and every one lands.
    func testConcurrentAddsAllLand() throws {
        try config(["add", "seed", "--hostname", "s", "--user", "u"])
        let count = 12
        let failures = LockedList()
        let (directory, configPath) = (self.directory, self.configPath)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            do {
                let output = try Self.tool(
                    "ssh-for-agents-config",
                    ["--config", configPath, "add", "host\(index)", "--hostname", "h\(index)", "--user", "u"],
                    in: directory)
                if output.status != 0 { failures.append("host\(index): \(output.stderr)") }
            } catch {
                failures.append("host\(index): \(error)")
            }
        }
        XCTAssertEqual(failures.items, [])
        let listed = try config(["list", "--json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        let aliases = Set(((object["hosts"] as? [[String: Any]]) ?? []).compactMap { $0["alias"] as? String })
        XCTAssertEqual(aliases, Set(["seed"] + (0..<count).map { "host\($0)" }))
    }

    // MARK: set-policy

    func testSetPolicyForAHostAndRefusalOfAnUnknownOne() throws {
        try config(["add", "web", "--hostname", "w", "--user", "u"])
        var output = try config([
            "set-policy", "--host", "web", "--mode", "readonly", "--readonly-allow", "jq", "--max-output-bytes", "4096",
        ])
        XCTAssertEqual(output.status, 0, output.stderr)
        output = try config(["list", "--json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let policy = try XCTUnwrap(((object["hosts"] as? [[String: Any]])?.first)?["policy"] as? [String: Any])
        XCTAssertEqual(policy["mode"] as? String, "readonly")
        XCTAssertEqual(policy["extra_readonly_allow"] as? [String], ["jq"])
        XCTAssertEqual(policy["max_output_bytes"] as? Int, 4096)
        output = try config(["set-policy", "--host", "nope", "--mode", "guarded"])
        XCTAssertEqual(output.status, 2)
        XCTAssertTrue(output.stderr.contains("known hosts: web"), output.stderr)
        output = try config(["set-policy", "--max-output-bytes", "0"])
        XCTAssertEqual(output.status, 2, "an invalid value is refused by the same check the server uses")
        XCTAssertTrue(output.stderr.contains("max_output_bytes"), output.stderr)
    }

    // MARK: import-ssh-config

    func testImportFromAnSSHConfigWithIncludeMatchAndWildcards() throws {
        let ssh = directory + "/.ssh"
        try FileManager.default.createDirectory(atPath: ssh + "/conf.d", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: ssh + "/id_ed25519", contents: Data("k".utf8))
        try """
        Host web-*
          User deploy
        Host web-1 web-2
          HostName %h.example.net
        Host bastion
          HostName 198.51.100.7
          User jump
        Host inner
          HostName 10.0.0.5
          ProxyJump bastion
        """.write(toFile: ssh + "/conf.d/team.conf", atomically: true, encoding: .utf8)
        try """
        # the user's own
        Include \(ssh)/conf.d/*.conf
        Host db
          HostName 10.9.9.9
          User postgres
          IdentityFile ~/.ssh/db_key
          UserKnownHostsFile ~/.ssh/known_hosts.db
        Match host 10.9.9.9
          Port 2200
        Host existing
          HostName new.example
        Host *
          User fallback
        """.write(toFile: ssh + "/config", atomically: true, encoding: .utf8)
        try config(["add", "existing", "--hostname", "old.example", "--user", "keep"])

        var output = try config(["import-ssh-config"])
        XCTAssertEqual(output.status, 0, output.stderr)
        let report = output.stdout
        // OpenSSH expands `~` in UserKnownHostsFile with the account's home, not $HOME.
        let accountHome = String(cString: getpwuid(getuid())!.pointee.pw_dir)
        for line in [
            "imported web-1: deploy@web-1.example.net:22, key ~/.ssh/id_ed25519",
            "imported bastion: jump@198.51.100.7:22",
            "imported db: postgres@10.9.9.9:2200, key ~/.ssh/db_key, known_hosts \(accountHome)/.ssh/known_hosts.db",
            "skipped web-*: a pattern", "skipped *: a pattern",
            "imported inner: ssh_config_host inner (ProxyJump bastion), transport openssh",
            "skipped existing: already in hosts.json (use --force to replace it)",
            "5 hosts imported",
        ] {
            XCTAssertTrue(report.contains(line), "\(line)\n\(report)")
        }
        output = try config(["list", "--json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let hosts = Dictionary(
            uniqueKeysWithValues: ((object["hosts"] as? [[String: Any]]) ?? []).map { ($0["alias"] as! String, $0) })
        XCTAssertEqual(Set(hosts.keys), ["existing", "web-1", "web-2", "bastion", "db", "inner"])
        XCTAssertEqual(hosts["inner"]?["ssh_config_host"] as? String, "inner")
        XCTAssertEqual(hosts["inner"]?["transport"] as? String, "openssh")
        XCTAssertEqual(hosts["existing"]?["hostname"] as? String, "old.example", "not overwritten without --force")
        XCTAssertEqual(hosts["db"]?["port"] as? Int, 2200, "Match resolved by ssh -G")
        XCTAssertEqual(hosts["db"]?["known_hosts"] as? String, accountHome + "/.ssh/known_hosts.db")

        output = try config(["import-ssh-config", "--only", "exist*", "--force"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("replaced existing: fallback@new.example:22"), output.stdout)
        XCTAssertTrue(output.stdout.contains("1 host imported"), output.stdout)
    }

    // MARK: trust, against a real sshd

    func testTrustAnUnknownHostThroughThePrintedFix() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let knownHosts = directory + "/known_hosts"
        XCTAssertEqual(
            try config([
                "add", "box", "--hostname", sandbox.host, "--port", "\(sandbox.port)", "--user", sandbox.username,
                "--key", sandbox.ecdsaKeyPath, "--known-hosts", knownHosts,
            ]).status, 0)
        var run = try tool("ssh-for-agents-run", ["--config", configPath, "run", "box", "printf ok"])
        XCTAssertEqual(run.status, 255, run.stderr)
        XCTAssertTrue(run.stderr.contains(sandbox.hostKeyFingerprint), run.stderr)
        let fix = try XCTUnwrap(run.stderr.components(separatedBy: "`").first { $0.contains("trust box") }, run.stderr)
        XCTAssertEqual(fix, "ssh-for-agents-config --config '\(configPath)' trust box")

        // A "no" writes nothing.
        var trust = try shell(fix, stdin: "no\n")
        XCTAssertEqual(trust.status, 1, trust.stderr)
        XCTAssertTrue(trust.stdout.contains(sandbox.hostKeyFingerprint), trust.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: knownHosts))

        trust = try shell(fix, stdin: "yes\n")
        XCTAssertEqual(trust.status, 0, trust.stderr)
        let written = try text(knownHosts)
        XCTAssertTrue(
            written.hasPrefix("[\(sandbox.host)]:\(sandbox.port) ") && written.hasSuffix("\n")
                && written.split(separator: "\n").count == 1, written)
        XCTAssertEqual(try mode(knownHosts), 0o600)
        run = try tool("ssh-for-agents-run", ["--config", configPath, "run", "box", "printf ok"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "ok")

        trust = try config(["trust", "box"])
        XCTAssertEqual(trust.status, 0, trust.stderr)
        XCTAssertTrue(trust.stdout.contains("already trusted"), trust.stdout)
    }

    func testAServerOnlyOpenSSHReachesIsTrustedThroughThePrintedFixAndThenRuns() async throws {
        let sandbox = try await SandboxSSHD.start(SandboxOptions(extraConfig: ["Ciphers chacha20-poly1305@openssh.com"]))
        defer { sandbox.stop() }
        let knownHosts = directory + "/known_hosts"
        XCTAssertEqual(
            try config([
                "add", "hard", "--hostname", sandbox.host, "--port", "\(sandbox.port)", "--user", sandbox.username,
                "--key", sandbox.ecdsaKeyPath, "--known-hosts", knownHosts,
            ]).status, 0)
        // auto: libssh2 shares no cipher, openssh connects and refuses the unknown key as libssh2 would.
        var run = try tool("ssh-for-agents-run", ["--config", configPath, "run", "hard", "printf ok"])
        XCTAssertEqual(run.status, 255, run.stderr)
        XCTAssertTrue(run.stderr.contains(sandbox.hostKeyFingerprint), run.stderr)
        let fix = try XCTUnwrap(run.stderr.components(separatedBy: "`").first { $0.contains("trust hard") }, run.stderr)
        let trust = try shell(fix, stdin: "yes\n")
        XCTAssertEqual(trust.status, 0, trust.stderr)
        XCTAssertTrue(trust.stdout.contains(sandbox.hostKeyFingerprint), trust.stdout)
        XCTAssertTrue(try text(knownHosts).hasPrefix("[\(sandbox.host)]:\(sandbox.port) ssh-ed25519 "))
        run = try tool("ssh-for-agents-run", ["--config", configPath, "run", "hard", "printf ok"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "ok")
        XCTAssertTrue(try config(["trust", "hard"]).stdout.contains("already trusted"))
        // The master this CLI left for the next call (ControlPersist) goes with the sandbox.
    }

    func testChangedHostKeyIsRefusedAndBothPrintedFixesWork() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let knownHosts = directory + "/known hosts" // a space: the printed commands must quote it
        XCTAssertEqual(shellStatus("ssh-keygen -q -t ed25519 -N '' -f '\(directory)/other'"), 0)
        let otherKey = try text(directory + "/other.pub").split(separator: " ").prefix(2).joined(separator: " ")
        let stale = "[\(sandbox.host)]:\(sandbox.port) \(otherKey)\n"
        try stale.write(toFile: knownHosts, atomically: true, encoding: .utf8)
        XCTAssertEqual(
            try config([
                "add", "box", "--hostname", sandbox.host, "--port", "\(sandbox.port)", "--user", sandbox.username,
                "--key", sandbox.ecdsaKeyPath, "--known-hosts", knownHosts,
            ]).status, 0)

        var trust = try config(["trust", "box", "--yes"])
        XCTAssertEqual(trust.status, 1, "a changed key is refused without --replace")
        XCTAssertTrue(
            trust.stdout.contains("known:") && trust.stdout.contains("presented: \(sandbox.hostKeyFingerprint)"), trust.stdout)
        XCTAssertEqual(try text(knownHosts), stale)

        let run = try tool("ssh-for-agents-run", ["--config", configPath, "run", "box", "printf ok"])
        XCTAssertEqual(run.status, 255)
        XCTAssertTrue(run.stderr.contains("HOST KEY CHANGED"), run.stderr)
        // The two-step fix, run exactly as printed.
        let removal = try XCTUnwrap(run.stderr.components(separatedBy: "`").first { $0.hasPrefix("ssh-keygen -R ") }, run.stderr)
        let trustFix = try XCTUnwrap(run.stderr.components(separatedBy: "`").last { $0.hasSuffix("trust box") }, run.stderr)
        XCTAssertEqual(try shell(removal).status, 0, removal)
        trust = try shell(trustFix, stdin: "yes\n")
        XCTAssertEqual(trust.status, 0, trust.stderr + trust.stdout)
        var after = try tool("ssh-for-agents-run", ["--config", configPath, "run", "box", "printf ok"])
        XCTAssertEqual(after.status, 0, after.stderr)

        // The one-step fix: --replace shows both fingerprints and swaps the entry.
        try stale.write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let replaceFix = try XCTUnwrap(
            run.stderr.components(separatedBy: "`").first { $0.hasSuffix("trust box --replace") }, run.stderr)
        trust = try shell(replaceFix, stdin: "yes\n")
        XCTAssertEqual(trust.status, 0, trust.stderr + trust.stdout)
        XCTAssertTrue(trust.stdout.contains("known:") && trust.stdout.contains("presented:"), trust.stdout)
        XCTAssertFalse(try text(knownHosts).contains(otherKey), "the old entry is gone")
        after = try tool("ssh-for-agents-run", ["--config", configPath, "run", "box", "printf ok"])
        XCTAssertEqual(after.status, 0, after.stderr)
    }

    func testTrustOfAnUnreachableHost() throws {
        let port = 1 + Int.random(in: 40000..<50000)
        try config(["add", "gone", "--hostname", "127.0.0.1", "--port", "\(port)", "--user", "u"])
        let output = try config(["trust", "gone", "--yes"])
        XCTAssertEqual(output.status, 255, output.stderr)
        XCTAssertTrue(output.stderr.contains("cannot fetch the host key of gone"), output.stderr)
    }

    // MARK: Options before the verb, $HOME

    func testOptionsBeforeTheVerbInBothTools() throws {
        try config(["add", "web", "--hostname", "w", "--user", "u"])
        var output = try tool("ssh-for-agents-config", ["--config", configPath, "list"])
        XCTAssertEqual(output.status, 0, output.stderr)
        output = try tool("ssh-for-agents-run", ["--config", configPath, "hosts", "--json"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("\"alias\" : \"web\""), output.stdout)
        output = try tool("ssh-for-agents-run", ["--json", "--config", configPath, "hosts"])
        XCTAssertEqual(output.status, 0, output.stderr)
        output = try tool("ssh-for-agents-run", ["--config", configPath, "check", "--json", "web", "rm -rf /"])
        XCTAssertEqual(output.status, 11, output.stderr)
        output = try tool("ssh-for-agents-run", ["--config", configPath, "--mode", "readonly", "check", "touch x"])
        XCTAssertEqual(output.status, 11, output.stderr)
        output = try tool("ssh-for-agents-config", ["--config", configPath, "--hostname", "w2", "--port", "2200", "add", "web"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("updated host web"), output.stdout)
        output = try tool("ssh-for-agents-config", ["--mode", "cautious", "--config", configPath, "set-policy", "--host", "web"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(try text(configPath).contains("\"cautious\""))
    }

    /// Issue 19, item 8: `~/.config/ssh-for-agents/hosts.json` is found under `$HOME`.
    func testDefaultFileIsUnderHOME() throws {
        var output = try tool("ssh-for-agents-config", ["add", "web", "--hostname", "w", "--user", "u"])
        XCTAssertEqual(output.status, 0, output.stderr)
        let expected = directory + "/.config/ssh-for-agents/hosts.json"
        XCTAssertTrue(output.stdout.contains("added host web to \(expected) (created)"), output.stdout)
        let empty = directory + "/elsewhere"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        output = try BuiltBinaries.run(
            "ssh-for-agents-run", ["hosts"], environment: ["HOME": directory, "SSH_AGENT_CONFIG": ""],
            currentDirectory: empty)
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("web"), output.stdout)
    }

    func testUsageErrorsExitTwoAndHelpIsNotAnError() throws {
        for (arguments, says) in [
            (["bogus"], "Unexpected argument 'bogus'"), (["add"], "Missing expected argument '<alias>'"),
            (["add", "web", "--port", "0"], "--port must be between 1 and 65535"),
            (["set-policy"], "nothing to change"), (["add", "bad alias!"], "the alias may use"),
        ] {
            let output = try tool("ssh-for-agents-config", arguments)
            XCTAssertEqual(output.status, 2, "\(arguments): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(says), "\(arguments): \(output.stderr)")
        }
        for arguments in [[], ["--help"], ["trust", "--help"], ["import-ssh-config", "--help"]] {
            let output = try tool("ssh-for-agents-config", arguments)
            XCTAssertEqual(output.status, 0, "\(arguments): \(output.stderr)")
            XCTAssertTrue(output.stdout.contains("USAGE: ssh-for-agents-config"), output.stdout)
        }
    }

    /// Issue 16: the generated bash completion offers the aliases of the hosts.json in use.
    func testShellCompletionOffersHostAliases() throws {
        try config(["add", "web-1", "--hostname", "w", "--user", "u"])
        try config(["add", "db", "--hostname", "d", "--user", "u"])
        for (tool, verb) in [("ssh-for-agents-run", "run"), ("ssh-for-agents-run", "read"), ("ssh-for-agents-config", "trust")] {
            let script = """
                source <(\(tool) --generate-completion-script bash)
                fn=$(complete -p \(tool) | sed 's/.*-F \\([^ ]*\\).*/\\1/')
                COMP_WORDS=(\(tool) \(verb) w); COMP_CWORD=2; COMP_LINE="\(tool) \(verb) w"; COMP_POINT=${#COMP_LINE}
                $fn \(tool) w \(verb); echo "offered: ${COMPREPLY[*]}"
                """
            let output = try shell("exec bash -c \(Self.quoted(script))")
            XCTAssertEqual(output.stdout, "offered: web-1\n", "\(tool) \(verb): \(output.stdout) \(output.stderr)")
        }
    }

    private static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }

    // MARK: Helpers

    /// Runs a printed command line with `sh`, with the tools on PATH as after `make install`.
    private func shell(_ line: String, stdin: String = "") throws -> ProgramOutput {
        let path = BuiltBinaries.directory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try LocalProgram.run(
            "/bin/sh", ["-c", line], environment: ["HOME": directory, "PATH": path, "SSH_AGENT_CONFIG": ""],
            currentDirectory: directory, stdin: stdin)
    }

    private func shellStatus(_ line: String) -> Int32 {
        (try? shell(line).status) ?? -1
    }
}

final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ item: String) { lock.withLock { stored.append(item) } }
    var items: [String] { lock.withLock { stored } }
}
