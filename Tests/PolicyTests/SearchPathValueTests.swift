import AgentPolicy
import XCTest

/// Search-path and loader variables are judged by their value: root-owned system directories
/// (and the variable's own current value) are fine; empty, relative, world-writable or computed
/// entries let someone else's program or library load.
final class SearchPathValueTests: XCTestCase {
    func testSystemDirectoriesAreFine() {
        assertVerdicts([
            ("PATH=/usr/bin:/bin make", .allow), ("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin ls", .allow),
            ("PATH=/usr/local/go/bin:$PATH go build ./...", .allow),
            ("PATH=\"${PATH}:/usr/lib/postgresql/16/bin\" pg_dump --version", .allow),
            ("LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu ./app", .allow), ("export PATH=/usr/sbin:/usr/bin:/sbin:/bin", .allow),
            ("PYTHONPATH=/usr/lib/python3/dist-packages python3 -m pytest", .allow),
        ])
    }

    func testOtherEntriesStillNeedConfirmation() {
        assertVerdicts([
            ("PATH=/tmp:$PATH ls", .confirm(.envSearchPath)), ("PATH=:/usr/bin ls", .confirm(.envSearchPath)),
            ("PATH=/usr/bin: ls", .confirm(.envSearchPath)), ("PATH=bin:/usr/bin ls", .confirm(.envSearchPath)),
            ("PATH=/usr/bin/../../tmp ls", .confirm(.envSearchPath)), ("PATH=$HOME/bin:$PATH ls", .confirm(.envSearchPath)),
            ("PATH=$(mktemp -d):/usr/bin ls", .confirm(.envSearchPath)),
            ("LD_LIBRARY_PATH=/dev/shm ./app", .confirm(.envSearchPath)),
            ("PATH=/var/tmp/x:/usr/bin ls", .confirm(.envSearchPath)),
            // /opt trees belong to whoever installed them: not known to be root's.
            ("PATH=/opt/vendor/bin:$PATH ls", .confirm(.envSearchPath)),
        ])
    }
}
