import AgentPolicy
import XCTest

/// Raw disks, file systems and mounts (`Rules/DiskRules.swift`). Guarded mode unless said
/// otherwise.
final class DiskRulesTests: XCTestCase {
    func testDisksFileSystemsAndMounts() {
        assertDecisions([
            ("dd if=/dev/zero of=/dev/sda bs=1M", .block), ("dd if=a of=b", .needsConfirmation), ("mkfs.ext4 /dev/sdb1", .block),
            ("mkfs -t xfs /dev/nvme0n1p2", .block), ("mkswap swapfile", .needsConfirmation), ("wipefs -a /dev/sdb", .block),
            ("fdisk /dev/sda", .block), ("fdisk -l", .allow), ("parted /dev/sda print", .allow),
            ("echo x > /dev/nvme0n1", .block),
            ("mount /dev/sdb1 /mnt", .needsConfirmation), ("mount", .allow), ("umount /mnt", .needsConfirmation),
            ("blkdiscard /dev/sda", .block),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testOtherProgramsWritingRawDisks() {
        assertDecisions([
            ("cp /dev/zero /dev/sda", .block), ("tee /dev/sda < /dev/zero", .block), ("shred /dev/sda", .block),
        ])
    }
}
