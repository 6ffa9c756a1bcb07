import AgentPolicy
import XCTest

/// Shell constructs: each must be understood, and dangerous commands found wherever they hide.
final class ParserTests: XCTestCase {
    func testOperatorsAndSeparatorsAllSplitCommands() {
        assertVerdicts([
            ("ls; rm -rf /etc", .block(.rmRecursiveSystemPath)), ("ls && rm -rf /etc", .block(.rmRecursiveSystemPath)),
            ("ls || rm -rf /etc", .block(.rmRecursiveSystemPath)),
            ("ls | rm -rf /etc", .block(.rmRecursiveSystemPath)), ("ls |& rm -rf /etc", .block(.rmRecursiveSystemPath)),
            ("ls & rm -rf /etc", .block(.rmRecursiveSystemPath)),
            ("ls\nrm -rf /etc", .block(.rmRecursiveSystemPath)), ("rm\t-rf\t/etc", .block(.rmRecursiveSystemPath)),
            ("ls\trm", .allow), ("ls ; ls", .allow),
        ])
    }

    func testQuotingAndEscapesAreRemovedBeforeRulesApply() {
        assertVerdicts([
            ("\"rm\" -rf /etc", .block(.rmRecursiveSystemPath)), ("'rm' -rf /etc", .block(.rmRecursiveSystemPath)),
            ("\\rm -rf /etc", .block(.rmRecursiveSystemPath)), ("r\"\"m -rf /etc", .block(.rmRecursiveSystemPath)),
            ("\"r\"'m' -rf /etc", .block(.rmRecursiveSystemPath)), ("$'\\x72m' -rf /etc", .block(.rmRecursiveSystemPath)),
            ("rm -rf $'/etc'", .block(.rmRecursiveSystemPath)),
            ("/bin/rm -rf /etc", .block(.rmRecursiveSystemPath)),
            ("/usr/bin/../bin/rm -rf /etc", .block(.rmRecursiveSystemPath)),
            ("rm -rf /tmp/../etc", .block(.rmRecursiveSystemPath)), ("rm -rf \"/etc/\"", .block(.rmRecursiveSystemPath)),
        ])
    }

    func testNestedScriptsAreChecked() {
        assertVerdicts([
            ("(rm -rf /etc)", .block(.rmRecursiveSystemPath)), ("{ rm -rf /etc; }", .block(.rmRecursiveSystemPath)),
            ("echo $(rm -rf /etc)", .block(.rmRecursiveSystemPath)),
            ("echo `rm -rf /etc`", .block(.rmRecursiveSystemPath)),
            ("echo \"$(echo $(rm -rf /etc))\"", .block(.rmRecursiveSystemPath)),
            ("cat <(rm -rf /etc)", .block(.rmRecursiveSystemPath)), ("tee >(rm -rf /etc)", .block(.rmRecursiveSystemPath)),
            ("if true; then rm -rf /etc; fi", .block(.rmRecursiveSystemPath)),
            ("while true; do rm -rf /etc; done", .block(.rmRecursiveSystemPath)),
            ("for f in a b; do rm -rf /etc; done", .block(.rmRecursiveSystemPath)),
            ("case x in x) rm -rf /etc;; esac", .block(.rmRecursiveSystemPath)),
            ("f() { rm -rf /etc; }", .block(.rmRecursiveSystemPath)),
            ("function f { rm -rf /etc; }", .block(.rmRecursiveSystemPath)),
            ("echo $((1 + $(rm -rf /etc)))", .block(.rmRecursiveSystemPath)),
            ("X=$(rm -rf /etc) true", .block(.rmRecursiveSystemPath)),
            ("echo ${X:-$(rm -rf /etc)}", .block(.rmRecursiveSystemPath)),
            ("until false; do rm /tmp/x; done", .confirm(.rmAny)),
        ])
    }

    func testHeredocsAreDataForCatAndCodeForShells() {
        assertVerdicts([
            ("cat <<'EOF'\nrm -rf /\nEOF", .allow), ("cat <<EOF\nrm -rf /\nEOF\nls", .allow),
            ("bash <<'EOF'\nrm -rf /etc\nEOF", .block(.rmRecursiveSystemPath)),
            ("sh <<-EOF\n\trm -rf /etc\n\tEOF", .block(.rmRecursiveSystemPath)),
            ("cat <<EOF\n$(rm -rf /etc)\nEOF", .block(.rmRecursiveSystemPath)), ("cat <<'EOF'\n$(rm -rf /etc)\nEOF", .allow),
            ("sh <<<'git reset --hard'", .confirm(.gitResetHard)), ("wc -c <<<'rm -rf /'", .allow),
            ("cat <<A <<B\nx\nA\nrm -rf /\nB\nls", .allow), ("cat <<A; rm -rf /etc\nbody\nA", .block(.rmRecursiveSystemPath)),
        ])
    }

    /// bash's `time` times a whole pipeline, compound commands included; `time ! rm -rf /etc` was
    /// allowed (`!` was taken for the program) and `time { …; }` did not parse.
    func testTimeReservedWordTimesWhatFollows() {
        assertVerdicts([
            ("time ! rm -rf /etc", .block(.rmRecursiveSystemPath)), ("time -p ! rm -rf /etc", .block(.rmRecursiveSystemPath)),
            ("time { rm -rf /etc; }", .block(.rmRecursiveSystemPath)),
            ("time ( rm -rf /etc )", .block(.rmRecursiveSystemPath)),
            ("time if true; then rm -rf /etc; fi", .block(.rmRecursiveSystemPath)),
            ("time for f in a; do rm -rf /etc; done", .block(.rmRecursiveSystemPath)),
            ("time rm -rf /etc", .block(.rmRecursiveSystemPath)),
            ("time -p rm -rf /etc", .block(.rmRecursiveSystemPath)), ("time ! git reset --hard", .confirm(.gitResetHard)),
            ("time { make -j4; }", .allow),
            ("time ( ls )", .allow), ("time", .allow), ("time -p", .allow), ("time ls | wc -l", .allow), ("timeout 5 ls", .allow),
        ])
        assertVerdicts([("time { ls; }", .allow), ("time ! touch x", .block(.readonlyNotAllowed))], mode: .readonly)
    }

    func testRedirectionsAreParsedWithTheirTargets() {
        assertVerdicts([
            ("ls > /tmp/out", .allow), ("ls >> /tmp/out 2>&1", .allow), ("ls &> /dev/null", .allow),
            ("ls 2>/dev/null >| /tmp/x", .allow),
            ("ls > /etc/motd", .confirm(.filesystemSystemPathWrite)), ("cat < /etc/hostname", .allow),
            ("exec 3<> /tmp/sock", .allow),
            ("echo x > /dev/sda", .block(.disksRawDeviceWrite)), ("echo x >> ~/.ssh/authorized_keys", .block(.guardrailTamper)),
        ])
    }

    func testAssignmentsCommentsArithmeticAndParameters() {
        assertVerdicts([
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
        assertVerdicts([
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
        assertVerdicts([
            ("alias x='rm -rf /'\nx", .block(.rmRoot)), ("alias ls='rm -rf ~'\nls", .block(.rmRecursiveSystemPath)),
            ("alias x=rm; x -rf /tmp/a", .confirm(.rmAny)),
            ("alias a='ls' b='rm -rf /etc'", .block(.rmRecursiveSystemPath)), ("alias ll='ls -la'", .allow), ("alias", .allow),
            ("alias ll", .allow),
        ])
    }

    /// The other gap the first session left open: a case pattern is expanded when matched, so its
    /// substitutions run.
    func testSubstitutionsInCasePatternsAreChecked() {
        assertVerdicts([
            ("case x in $(rm -rf /tmp/q)) ;; esac", .confirm(.rmAny)), ("case x in a|`rm -rf /`) ;; esac", .block(.rmRoot)),
            ("case \"$1\" in start|stop) echo ok ;; *) echo no ;; esac", .allow),
        ])
    }

    /// bash's `coproc` runs its command (dash has no such keyword; hosts may use bash).
    func testCoprocRunsItsCommand() {
        assertVerdicts([
            ("coproc rm -rf /", .block(.rmRoot)), ("coproc ls", .allow), ("coproc X { rm -rf /; }", .block(.parseUnparseable)),
        ])
    }
}
