import AgentPolicy
import XCTest

final class ModeTests: XCTestCase {
    func testReadonlyAllowsOnlyReadingWithReadOnlyFlags() {
        assertVerdicts(
            [
                ("ls -la", .allow), ("cat f | grep x | wc -l", .allow), ("git status", .allow), ("git log --oneline", .allow),
                ("find . -name '*.rs'", .allow), ("sed -n 1,5p f", .allow), ("docker ps", .allow), ("kubectl get pods", .allow),
                ("systemctl status nginx", .allow), ("journalctl -u nginx", .allow), ("aws s3 ls", .allow),
                ("ls > /dev/null", .allow),
                ("touch x", .block(.readonlyNotAllowed)), ("mkdir x", .block(.readonlyNotAllowed)),
                ("ls > out.txt", .block(.readonlyRedirect)), ("sudo ls", .block(.readonlySudo)),
                ("find . -exec cat {} \\;", .allow), ("find . -exec chmod 600 {} \\;", .block(.readonlyNotAllowed)),
                ("find . -delete", .block(.findDelete)), ("sed -i s/a/b/ f", .block(.readonlyNotAllowed)),
                ("git -c core.pager=cat log", .block(.readonlyNotAllowed)),
                ("git log --output=x", .block(.readonlyNotAllowed)),
                ("git diff --ext-diff", .block(.readonlyNotAllowed)), ("rg --pre cat x", .block(.readonlyNotAllowed)),
                ("git push", .block(.gitPush)), ("rm -rf x", .block(.rmAny)),
                ("curl https://x", .block(.readonlyNotAllowed)),
                ("/tmp/evil/ls", .block(.readonlyNotAllowed)), ("python3 -c 'print(1)'", .block(.interpreterInlineCode)),
                ("docker rm x", .block(.containersDestructive)),
                ("systemctl restart x", .block(.servicesSystemctlChange)),
                ("awk '{print > \"f\"}' x", .block(.readonlyNotAllowed)), ("sort -o out in", .block(.readonlyNotAllowed)),
                ("base64 -o out", .block(.readonlyNotAllowed)),
            ], mode: .readonly)
    }

    func testReadonlyExtraAllowList() {
        let config = PolicyConfig(mode: .readonly, extraReadonlyAllow: ["pg_lsclusters"])
        assertDecisions([("pg_lsclusters", .allow), ("pg_ctl stop", .block)], mode: .readonly, config: config)
    }

    func testCautiousAsksForEverythingThatIsNotReadOnly() {
        assertVerdicts(
            [
                ("ls", .allow), ("git status", .allow), ("mkdir x", .confirm(.cautiousNotReadOnly)),
                ("cargo build", .confirm(.cautiousNotReadOnly)),
                ("rm x", .confirm(.rmAny)), ("rm -rf /", .block(.rmRoot)),
                ("echo $(rm -rf /etc)", .block(.rmRecursiveSystemPath)),
            ], mode: .cautious)
    }

    func testUnrestrictedAllowsEverythingParseable() {
        assertVerdicts(
            [("rm -rf /", .allow), ("git push --force", .allow), ("ls ;; x", .block(.parseUnparseable))], mode: .unrestricted)
    }

    func testExtraDenylistNeedsConfirmation() {
        let config = PolicyConfig(mode: .guarded, extraDenylist: ["terraform", "helm"])
        assertDecisions(
            [("terraform plan", .needsConfirmation), ("sudo helm list", .needsConfirmation), ("ls", .allow)], config: config)
    }

    func testVerdictExplainsItself() {
        let verdict = PolicyEngine().evaluate("sudo rm -rf /etc")
        XCTAssertEqual(verdict.decision, .block)
        XCTAssertEqual(verdict.segments.map(\.program), ["sudo", "rm"])
        XCTAssertEqual(verdict.segments.last?.arguments, ["-rf", "/etc"])
        let reason = verdict.reasons.first { $0.rule == "rm.recursive-system-path" }
        XCTAssertEqual(reason?.message, "recursive delete of /etc (a system or home directory)")
        XCTAssertEqual(reason?.decision, .block)
    }
}
