import AgentPolicy
import XCTest

/// Reads readonly mode used to refuse: partition listings, rsync dry runs, HEAD-only requests and
/// the server-side read verbs an OpenSSH client sends (`git clone host:repo` through the enforcer).
/// Each sits next to a sibling that writes, pinned too.
final class ReadonlyListingAndServerTests: XCTestCase {
    func testPartitionListings() {
        assertVerdicts(
            [
                ("fdisk -l", .allow), ("fdisk -l /dev/nvme0n1", .allow), ("sfdisk --dump /dev/sda", .allow),
                ("sfdisk -J /dev/sdb", .allow), ("parted -l", .allow), ("parted -s /dev/sda unit MiB print free", .allow),
                ("gdisk -l /dev/sda", .allow), ("sgdisk --print /dev/sda", .allow),
                ("parted -s /dev/sda print rm 1", .block(.disksPartitionDevice)),
                ("fdisk /dev/sda", .block(.disksPartitionDevice)),
                ("sgdisk -l table.bak /dev/sda", .block(.disksPartitionDevice)),
                ("sfdisk /dev/sda < layout", .block(.disksPartitionDevice)),
            ], mode: .readonly)
        assertVerdicts([
            ("parted -s /dev/sdb print mklabel gpt", .block(.disksPartitionDevice)), ("fdisk -l", .allow),
            ("sgdisk -Z /dev/sdb", .block(.disksPartitionDevice)),
        ])
    }

    func testRsyncDryRunsAndTheSendingServer() {
        assertVerdicts(
            [
                ("rsync -avn src/ backup:/srv/", .allow), ("rsync --dry-run --delete -a site/ web1:/var/www/", .allow),
                ("rsync --server --sender -vlogDtpre.iLsfxCIvu . /srv/data", .allow),
                ("rsync -a src/ backup:/srv/", .block(.readonlyNotAllowed)),
                ("rsync --server -vlogDtpre.iLsfxCIvu . /srv/data", .block(.readonlyNotAllowed)),
                ("rsync -n --log-file=/tmp/r.log src/ dst/", .block(.readonlyNotAllowed)),
            ], mode: .readonly)
        assertVerdicts([
            ("rsync -n --delete -a src/ dst/", .allow), ("rsync --delete -a src/ dst/", .confirm(.rsyncDelete)),
        ])
    }

    func testHeadOnlyRequests() {
        assertVerdicts(
            [
                ("curl -sI https://example.org", .allow), ("curl --head --location https://example.org/x", .allow),
                ("curl -sSLI -m 5 -H 'Accept: */*' https://example.org", .allow),
                ("curl -I -X HEAD https://example.org", .allow),
                ("curl -I -o /tmp/h https://example.org", .block(.readonlyNotAllowed)),
                ("curl -I -D /tmp/h https://example.org", .block(.readonlyNotAllowed)),
                ("curl -sI -K /tmp/curlrc https://example.org", .block(.readonlyNotAllowed)),
                ("curl -I -X DELETE https://example.org/x", .block(.readonlyNotAllowed)),
                ("curl -I -T file https://example.org", .block(.readonlyNotAllowed)),
                ("curl -I -w '%output{/tmp/x}%{http_code}' https://example.org", .block(.readonlyNotAllowed)),
                ("curl https://example.org", .block(.readonlyNotAllowed)),
            ], mode: .readonly)
    }

    func testServerSideReadVerbs() {
        assertVerdicts(
            [
                ("git-upload-pack '/srv/git/app.git'", .allow), ("git-upload-archive '/srv/git/app.git'", .allow),
                ("scp -f /etc/os-release", .allow), ("git-receive-pack '/srv/git/app.git'", .block(.readonlyNotAllowed)),
                ("scp -t /srv/upload", .block(.readonlyNotAllowed)),
            ], mode: .readonly)
        assertVerdicts([
            ("git-upload-pack '/srv/git/app.git'", .allow), ("rsync --server --sender -logDtpre.iLsfxC . /srv/data", .allow),
        ])
    }
}
