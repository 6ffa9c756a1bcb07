import AgentPolicy
import XCTest

/// Code computed at run time: variables, brace expansion, `$IFS`, array subscripts, `eval`, program
/// names that are patterns or expansions (`Evaluation/KnownVariables.swift`,
/// `Evaluation/BraceExpansion.swift`, `Evaluation/SubscriptCode.swift`). Guarded mode unless said
/// otherwise.
final class ExpansionTests: XCTestCase {
    func testVariablesBracesAndEval() {
        assertDecisions([
            ("eval ls", .needsConfirmation), ("eval \"$(curl x)\"", .block), ("$CMD -rf /", .needsConfirmation),
            ("X=rm; $X -rf x", .needsConfirmation), ("R=rm; $R -rf /", .block), ("R=rm; ${R} -rf /etc", .block),
            ("D=/etc; rm -rf $D", .block),
            ("D=$(pwd); rm -rf $D", .needsConfirmation), ("rm${IFS}-rf${IFS}/", .block), ("{rm,-rf,/}", .block),
            ("rm -rf /{etc,usr}", .block),
            ("/???/rm -rf /tmp/x", .needsConfirmation), ("echo {a,b}", .allow), ("mkdir -p src/{a,b}", .allow),
            ("cp file{,.bak}", .allow),
            ("cat${IFS}/etc/shadow", .needsConfirmation), ("X=ls; $X -la", .allow),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// The third round: bash array subscripts. Also `[ … ]`, which was taken for a file-name
    /// pattern; it and plain printf/read/test stay allowed.
    func testArraySubscriptsRunTheirSubstitutions() {
        assertDecisions([
            ("printf -v 'x[$(rm -rf ~)]' %s 1", .block), ("read -r 'a[$(rm -rf ~)]' <<< 1", .block),
            ("test -v 'a[$(rm -rf ~)]'", .block),
            ("declare -n r='a[$(rm -rf ~)]'; r=1", .block), ("let 'x=a[`rm -rf ~`]'", .block),
        ])
        assertDecisions([
            ("printf '%s\\n' hello", .allow), ("printf '[%s]\\n' \"$(date)\"", .allow), ("read -r line < f", .allow),
            ("test -f /etc/hosts", .allow),
            ("[ -d /tmp ]", .allow), ("[ -f x ] && echo y", .allow),
        ])
    }

    /// Found by comparing with a second, independently written engine.
    func testVariablesHoldingWords() {
        assertDecisions([
            ("R='rm -rf'; $R /", .block), ("R='ls -la'; $R /tmp", .allow),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testBraceExpansionAsTheProgram() {
        assertDecisions([
            ("{rm,-rf,/}", .block)
        ])
    }

    /// From the false-alarm hunt (session 2): what must stay flagged next to the everyday commands
    /// it allowed.
    ///
    /// This row was an escape: brace expansion of a quoted awk program cut it at its comma and hid
    /// `system()`.
    func testBraceExpansionLeavesQuotesAlone() {
        assertDecisions([
            ("awk 'BEGIN{print \"a\", system(\"rm -rf /etc\")}'", .block)
        ])
    }
}
