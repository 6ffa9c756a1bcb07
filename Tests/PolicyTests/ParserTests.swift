import AgentPolicy
import XCTest

/// Shell constructs: each must be understood, and dangerous commands found wherever they hide.
final class ParserTests: XCTestCase {
    func testOperatorsAndSeparatorsAllSplitCommands() {
        assertDecisions([
            ("ls; rm -rf /etc", .block), ("ls && rm -rf /etc", .block), ("ls || rm -rf /etc", .block),
            ("ls | rm -rf /etc", .block), ("ls |& rm -rf /etc", .block), ("ls & rm -rf /etc", .block),
            ("ls\nrm -rf /etc", .block), ("rm\t-rf\t/etc", .block), ("ls\trm", .allow), ("ls ; ls", .allow),
        ])
    }

    func testQuotingAndEscapesAreRemovedBeforeRulesApply() {
        assertDecisions([
            ("\"rm\" -rf /etc", .block), ("'rm' -rf /etc", .block), ("\\rm -rf /etc", .block), ("r\"\"m -rf /etc", .block),
            ("\"r\"'m' -rf /etc", .block), ("$'\\x72m' -rf /etc", .block), ("rm -rf $'/etc'", .block),
            ("/bin/rm -rf /etc", .block),
            ("/usr/bin/../bin/rm -rf /etc", .block), ("rm -rf /tmp/../etc", .block), ("rm -rf \"/etc/\"", .block),
        ])
    }

    func testNestedScriptsAreChecked() {
        assertDecisions([
            ("(rm -rf /etc)", .block), ("{ rm -rf /etc; }", .block), ("echo $(rm -rf /etc)", .block),
            ("echo `rm -rf /etc`", .block),
            ("echo \"$(echo $(rm -rf /etc))\"", .block), ("cat <(rm -rf /etc)", .block), ("tee >(rm -rf /etc)", .block),
            ("if true; then rm -rf /etc; fi", .block), ("while true; do rm -rf /etc; done", .block),
            ("for f in a b; do rm -rf /etc; done", .block), ("case x in x) rm -rf /etc;; esac", .block),
            ("f() { rm -rf /etc; }", .block), ("function f { rm -rf /etc; }", .block), ("echo $((1 + $(rm -rf /etc)))", .block),
            ("X=$(rm -rf /etc) true", .block), ("echo ${X:-$(rm -rf /etc)}", .block),
            ("until false; do rm /tmp/x; done", .needsConfirmation),
        ])
    }

    func testHeredocsAreDataForCatAndCodeForShells() {
        assertDecisions([
            ("cat <<'EOF'\nrm -rf /\nEOF", .allow), ("cat <<EOF\nrm -rf /\nEOF\nls", .allow),
            ("bash <<'EOF'\nrm -rf /etc\nEOF", .block), ("sh <<-EOF\n\trm -rf /etc\n\tEOF", .block),
            ("cat <<EOF\n$(rm -rf /etc)\nEOF", .block), ("cat <<'EOF'\n$(rm -rf /etc)\nEOF", .allow),
            ("sh <<<'git reset --hard'", .needsConfirmation), ("wc -c <<<'rm -rf /'", .allow),
            ("cat <<A <<B\nx\nA\nrm -rf /\nB\nls", .allow), ("cat <<A; rm -rf /etc\nbody\nA", .block),
        ])
    }

    /// bash's `time` times a whole pipeline, compound commands included; `time ! rm -rf /etc` was
    /// allowed (`!` was taken for the program) and `time { …; }` did not parse.
    func testTimeReservedWordTimesWhatFollows() {
        assertDecisions([
            ("time ! rm -rf /etc", .block), ("time -p ! rm -rf /etc", .block), ("time { rm -rf /etc; }", .block),
            ("time ( rm -rf /etc )", .block),
            ("time if true; then rm -rf /etc; fi", .block), ("time for f in a; do rm -rf /etc; done", .block),
            ("time rm -rf /etc", .block),
            ("time -p rm -rf /etc", .block), ("time ! git reset --hard", .needsConfirmation), ("time { make -j4; }", .allow),
            ("time ( ls )", .allow), ("time", .allow), ("time -p", .allow), ("time ls | wc -l", .allow), ("timeout 5 ls", .allow),
        ])
        assertDecisions([("time { ls; }", .allow), ("time ! touch x", .block)], mode: .readonly)
    }

    func testRedirectionsAreParsedWithTheirTargets() {
        assertDecisions([
            ("ls > /tmp/out", .allow), ("ls >> /tmp/out 2>&1", .allow), ("ls &> /dev/null", .allow),
            ("ls 2>/dev/null >| /tmp/x", .allow),
            ("ls > /etc/motd", .needsConfirmation), ("cat < /etc/hostname", .allow), ("exec 3<> /tmp/sock", .allow),
            ("echo x > /dev/sda", .block), ("echo x >> ~/.ssh/authorized_keys", .block),
        ])
    }

    func testAssignmentsCommentsArithmeticAndParameters() {
        assertDecisions([
            ("FOO=bar ls", .allow), ("A=1 B=2", .allow), ("ls # rm -rf /", .allow), ("echo $((1<<2))", .allow),
            ("echo ${HOME}", .allow), ("arr=(a b c); echo ${arr[1]}", .allow), ("[[ -f x && -d y ]] && echo ok", .allow),
            ("((i++))", .allow), ("echo a#b", .allow),
        ])
    }

    func testWhatCannotBeParsedIsBlocked() {
        for command in [
            "ls ;; pwd", "ls | | wc", "echo 'unterminated", "echo \"x", "echo $(ls", "if true; then ls", "ls &&", "| ls",
            "echo `x", "( ls", "{ ls; ", "case x in", "f() ls", "echo ${x",
        ] {
            let verdict = PolicyEngine().evaluate(command)
            XCTAssertEqual(verdict.decision, .block, command)
            XCTAssertEqual(verdict.reasons.first?.rule, "parse.unparseable", command)
            XCTAssertTrue(verdict.reasons.first?.message.hasPrefix("cannot be parsed") ?? false, command)
        }
        XCTAssertEqual(PolicyEngine(config: PolicyConfig(mode: .unrestricted)).evaluate("ls ;; pwd").decision, .block)
    }

    func testDeepNestingFailsClosedWithoutCrashing() {
        let deep = String(repeating: "$(", count: 5000) + "ls" + String(repeating: ")", count: 5000)
        XCTAssertEqual(PolicyEngine().evaluate(deep).decision, .block)
        let subshells = String(repeating: "( ", count: 10000) + "ls" + String(repeating: " )", count: 10000)
        XCTAssertEqual(PolicyEngine().evaluate(subshells).decision, .block)
        let processSubstitutions = String(repeating: "cat <(", count: 5000) + "ls" + String(repeating: ")", count: 5000)
        XCTAssertEqual(PolicyEngine().evaluate(processSubstitutions).decision, .block)
        // `((…))` is arithmetic, not nesting: data, allowed as bash treats it.
        XCTAssertEqual(PolicyEngine().evaluate("((((1+2))))").decision, .allow)
    }

    func testArbitraryBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab $`'\"\\(){}[];&|<>#\n\t=~*?!-0123456789")
        for _ in 0..<3000 {
            let length = Int.random(in: 0...40, using: &generator)
            let command = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            _ = PolicyEngine().evaluate(command)
        }
        XCTAssertEqual(PolicyEngine().evaluate("ls\u{0}rm -rf /").decision, .block)
    }

    func testOneMegabyteCommandIsHandled() {
        let big = String(repeating: "echo hello world; ", count: 1 << 20 / 18)
        let verdict = PolicyEngine().evaluate(big)
        XCTAssertEqual(verdict.decision, .allow)
        let quoted = "echo '" + String(repeating: "x", count: 1 << 20) + "'"
        XCTAssertEqual(PolicyEngine().evaluate(quoted).decision, .allow)
    }

    func testDataThatOnlyLooksDangerousStaysAllowed() {
        assertDecisions([
            ("echo 'rm -rf /'", .allow), ("echo \"rm -rf /\"", .allow), ("grep -r \"rm -rf\" .", .allow),
            ("printf 'git push --force\\n'", .allow),
            ("cat <<'EOF'\nrm -rf /\nsudo reboot\nEOF", .allow), ("git commit -m \"fix rm -rf detection\"", .allow),
            ("echo \"dd if=/dev/zero of=/dev/sda\"", .allow), ("rg -n 'mkfs' docs", .allow),
            ("tee /tmp/file <<<'git reset --hard'", .allow),
            ("echo '> /etc/passwd'", .allow),
        ])
    }

    /// The two gaps the first session left open as "theoretical". dash, the agent account's /bin/sh
    /// on Debian, expands aliases in scripts: `sh -c $'alias x="echo HI"\nx'` prints HI.
    func testAliasValuesAreJudgedAsTheCodeTheyWillRun() {
        assertDecisions([
            ("alias x='rm -rf /'\nx", .block), ("alias ls='rm -rf ~'\nls", .block),
            ("alias x=rm; x -rf /tmp/a", .needsConfirmation),
            ("alias a='ls' b='rm -rf /etc'", .block), ("alias ll='ls -la'", .allow), ("alias", .allow), ("alias ll", .allow),
        ])
    }

    /// The other gap the first session left open: a case pattern is expanded when matched, so its
    /// substitutions run.
    func testSubstitutionsInCasePatternsAreChecked() {
        assertDecisions([
            ("case x in $(rm -rf /tmp/q)) ;; esac", .needsConfirmation), ("case x in a|`rm -rf /`) ;; esac", .block),
            ("case \"$1\" in start|stop) echo ok ;; *) echo no ;; esac", .allow),
        ])
    }

    /// bash's `coproc` runs its command (dash has no such keyword; hosts may use bash).
    func testCoprocRunsItsCommand() {
        assertDecisions([
            ("coproc rm -rf /", .block), ("coproc ls", .allow), ("coproc X { rm -rf /; }", .block),
        ])
    }
}
