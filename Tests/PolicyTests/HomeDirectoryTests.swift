import AgentPolicy
import XCTest

/// SSH starts commands in the home directory: a recursive delete of everything there, with no
/// `cd` before it, deletes the home directory.
final class HomeDirectoryTests: XCTestCase {
    func testDeletingEverythingInTheStartDirectory() {
        assertVerdicts([
            ("rm -rf *", .block(.homeDeleteAll)), ("rm -rf .*", .block(.homeDeleteAll)), ("rm -fr ./*", .block(.homeDeleteAll)),
            ("rm -r -f .[!.]* *", .block(.homeDeleteAll)), ("rm -rf {*,.*}", .block(.homeDeleteAll)),
            ("sudo rm -rf ./.??*", .block(.homeDeleteAll)), ("sh -c 'rm -rf *'", .block(.homeDeleteAll)),
            ("ls; rm -rf *", .block(.homeDeleteAll)), ("find . -delete", .block(.homeDeleteAll)),
            ("find -mindepth 1 -delete", .block(.homeDeleteAll)), ("find . -type f -delete", .block(.homeDeleteAll)),
            ("rm -rf * && cd /tmp", .block(.homeDeleteAll)),
        ])
    }

    /// After a `cd`, or for narrower patterns, a delete needs confirmation as before.
    func testNarrowerDeletesStayConfirmations() {
        assertVerdicts([
            ("cd /srv/build && rm -rf *", .confirm(.rmAny)), ("cd build; rm -rf .*", .confirm(.rmAny)),
            ("rm -rf *.log", .confirm(.rmAny)), ("rm -rf build/*", .confirm(.rmAny)), ("rm *", .confirm(.rmAny)),
            ("find . -name '*.pyc' -delete", .confirm(.findDelete)), ("pushd /tmp/x && rm -rf * && popd", .confirm(.rmAny)),
        ])
    }

    /// `${HOME:?}` and `${HOME:-…}` are the home directory; a bare `cd` returns to it (found by
    /// red-teaming: both were only confirmations).
    func testHomeReachedByDefaultsAndBareCd() {
        assertVerdicts([
            ("rm -rf ${HOME:?}/", .block(.rmRecursiveSystemPath)), ("rm -rf \"${HOME:-/tmp}\"", .block(.rmRecursiveSystemPath)),
            ("rm -rf ${HOME?}/*", .block(.rmRecursiveSystemPath)), ("cd && rm -rf ./*", .block(.homeDeleteAll)),
            ("cd; rm -rf *", .block(.homeDeleteAll)), ("cd /tmp; cd; rm -rf .", .block(.rmRecursiveSystemPath)),
            ("rm -rf ${HOME:?}/build", .confirm(.rmAny)), ("rm -rf ${HOME:+/tmp/x}", .confirm(.rmAny)),
            ("cd /tmp && rm -rf *", .confirm(.rmAny)), ("cd && ls", .allow),
        ])
    }
}
