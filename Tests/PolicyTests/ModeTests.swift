import AgentPolicy
import XCTest

final class ModeTests: XCTestCase {
    func testReadonlyAllowsOnlyReadingWithReadOnlyFlags() {
        assertDecisions(
            [
                ("ls -la", .allow), ("cat f | grep x | wc -l", .allow), ("git status", .allow), ("git log --oneline", .allow),
                ("find . -name '*.rs'", .allow), ("sed -n 1,5p f", .allow), ("docker ps", .allow), ("kubectl get pods", .allow),
                ("systemctl status nginx", .allow), ("journalctl -u nginx", .allow), ("aws s3 ls", .allow),
                ("ls > /dev/null", .allow),
                ("touch x", .block), ("mkdir x", .block), ("ls > out.txt", .block), ("sudo ls", .block),
                ("find . -exec cat {} \\;", .block),
                ("find . -delete", .block), ("sed -i s/a/b/ f", .block), ("git -c core.pager=cat log", .block),
                ("git log --output=x", .block),
                ("git diff --ext-diff", .block), ("rg --pre cat x", .block), ("git push", .block), ("rm -rf x", .block),
                ("curl https://x", .block),
                ("/tmp/evil/ls", .block), ("python3 -c 'print(1)'", .block), ("docker rm x", .block),
                ("systemctl restart x", .block),
                ("awk '{print > \"f\"}' x", .block), ("sort -o out in", .block), ("base64 -o out", .block),
            ], mode: .readonly)
    }

    func testReadonlyExtraAllowList() {
        let config = PolicyConfig(mode: .readonly, extraReadonlyAllow: ["pg_lsclusters"])
        assertDecisions([("pg_lsclusters", .allow), ("pg_ctl stop", .block)], mode: .readonly, config: config)
    }

    func testCautiousAsksForEverythingThatIsNotReadOnly() {
        assertDecisions(
            [
                ("ls", .allow), ("git status", .allow), ("mkdir x", .needsConfirmation), ("cargo build", .needsConfirmation),
                ("rm x", .needsConfirmation), ("rm -rf /", .block), ("echo $(rm -rf /etc)", .block),
            ], mode: .cautious)
    }

    func testUnrestrictedAllowsEverythingParseable() {
        assertDecisions([("rm -rf /", .allow), ("git push --force", .allow), ("ls ;; x", .block)], mode: .unrestricted)
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
