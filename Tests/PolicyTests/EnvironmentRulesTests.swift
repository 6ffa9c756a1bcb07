import AgentPolicy
import XCTest

/// Variables that make programs load or run code, or change which programs are found
/// (`Rules/EnvironmentRules.swift`). Guarded mode unless said otherwise.
final class EnvironmentRulesTests: XCTestCase {
    func testPrefixAssignments() {
        assertVerdicts([
            ("LD_PRELOAD=/tmp/x.so ls", .confirm(.envCodeInjection)), ("PAGER=cat git log", .allow),
            ("GIT_PAGER='sh -c id' git log", .confirm(.envCodeInjection)),
            ("BASH_ENV=/tmp/x bash -c ls", .confirm(.envCodeInjection)),
        ])
    }

    /// Setting a code-loading variable in plain sight needs a human; the code it carries is judged
    /// as the command it becomes, and a value the policy cannot read stays blocked.
    func testVariablesThatLoadCode() {
        assertVerdicts([
            ("LD_AUDIT=/tmp/a.so ls", .confirm(.envCodeInjection)), ("env LD_PRELOAD=/tmp/x.so ls", .confirm(.envCodeInjection)),
            ("PAGER='less -R' git log", .allow),
            ("EDITOR=vim git commit", .allow), ("GIT_SSH_COMMAND='ssh -i key' git fetch", .allow),
            ("PROMPT_COMMAND='date' bash x.sh", .confirm(.envCodeInjection)),
            ("LESSOPEN='|lesspipe %s' less f", .confirm(.envCodeInjection)),
            ("GIT_CONFIG_PARAMETERS=\"'core.pager'='less'\" git log", .confirm(.envCodeInjection)),
            ("GIT_PAGER='rm -rf /' git log", .block(.rmRoot)),
            ("PAGER='/bin/sh' man ls", .block(.shellReadsChannel)),
            ("EDITOR='vim -c \":!rm -rf /etc\"' git commit", .block(.rmRecursiveSystemPath)),
            ("export PROMPT_COMMAND='rm -rf ~'", .block(.rmRecursiveSystemPath)),
            ("LESSOPEN='|rm -rf ~ %s' less f", .block(.rmRecursiveSystemPath)),
            ("PS4='$(rm -rf ~)' bash -x s.sh", .block(.rmRecursiveSystemPath)),
            ("PS4='\\140id\\140' bash -x s.sh", .block(.envCodeInjectionHidden)),
            ("PERL5OPT=-d PERL5DB='system(\"rm -rf /etc\")' perl x.pl", .block(.rmRecursiveSystemPath)),
            ("PERL5OPT=-d PERL5DB='exec \"/bin/sh\"' perl x.pl", .block(.interpreterSpawnsShell)),
            ("GIT_CONFIG_PARAMETERS=\"'core.pager'='rm -rf /'\" git log", .block(.rmRoot)),
            ("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.pager GIT_CONFIG_VALUE_0='rm -rf /' git log", .block(.rmRoot)),
            ("export GIT_CONFIG_VALUE_0='rm -rf /'", .block(.rmRoot)),
            ("LD_PRELOAD=$(mktemp) ls", .block(.envCodeInjectionHidden)),
            ("X=/tmp/x.so; LD_PRELOAD=$X ls", .block(.envCodeInjectionHidden)),
            ("GIT_PAGER=\"$P\" git log", .block(.envCodeInjectionHidden)),
            ("read LD_PRELOAD <<< /tmp/x.so; export LD_PRELOAD; ls", .block(.envCodeInjectionRead)),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testExportedAndGitConfigVariables() {
        assertVerdicts([
            ("GIT_CONFIG_COUNT=1 git log", .confirm(.envCodeInjection)),
            ("export LD_PRELOAD=/tmp/x.so", .confirm(.envCodeInjection)),
            ("export PAGER='rm /tmp/x'; git -p help", .confirm(.envCodeInjection)),
            ("export PATH=$PATH:/opt/bin", .confirm(.envSearchPath)),
        ])
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// PS4 with substitutions, and JVM options split on any white space (also JDK_JAVA_OPTIONS).
    func testPS4AndJVMOptions() {
        assertVerdicts([
            ("PS4='`touch /tmp/p` '; set -x; :", .confirm(.envCodeInjection)),
            ("PS4='$(id)' bash -x deploy.sh", .confirm(.envCodeInjection)),
            ("JAVA_TOOL_OPTIONS=\"-Xmx1g\n-javaagent:/tmp/evil.jar\" java -version", .confirm(.envCodeInjection)),
            ("JDK_JAVA_OPTIONS=-javaagent:/tmp/evil.jar java", .confirm(.envCodeInjection)),
        ])
    }

    /// Found by a false-alarm hunt (session 2): everyday commands the policy flagged. Each fix
    /// keeps the dangerous neighbours flagged; both sides are pinned.
    ///
    /// `IFS= read`, and option variables judged by their value.
    func testIFSForReadAndOptionVariablesByValue() {
        assertVerdicts([
            ("ls -1 | while IFS= read -r n; do echo \"$n\"; done", .allow),
            ("while IFS=: read -r u _ uid _; do echo \"$u\"; done < /etc/passwd", .allow),
            ("NODE_OPTIONS=--max-old-space-size=4096 npm run build", .allow),
            ("JAVA_TOOL_OPTIONS=-Xmx2g ./gradlew build", .allow),
            ("GIT_EDITOR=: git commit --amend", .allow), ("PS4='+ ' bash -x s.sh", .allow),
        ])
    }
}
