import AgentPolicy
import XCTest

/// Raw disks, file systems and mounts (`Rules/DiskRules.swift`). Guarded mode unless said
/// otherwise.
final class DiskRulesTests: XCTestCase {
    func testDisksFileSystemsAndMounts() {
        assertVerdicts([
            ("dd if=/dev/zero of=/dev/sda bs=1M", .block(.disksRawDeviceWrite)), ("dd if=a of=b", .confirm(.disksDd)),
            ("mkfs.ext4 /dev/sdb1", .block(.disksFormatDevice)),
            ("mkfs -t xfs /dev/nvme0n1p2", .block(.disksFormatDevice)), ("mkswap swapfile", .confirm(.disksFormat)),
            ("wipefs -a /dev/sdb", .block(.disksFormatDevice)),
            ("fdisk /dev/sda", .block(.disksPartitionDevice)), ("fdisk -l", .allow), ("parted /dev/sda print", .allow),
            ("echo x > /dev/nvme0n1", .block(.disksRawDeviceWrite)),
            ("mount /dev/sdb1 /mnt", .confirm(.disksMount)), ("mount", .allow), ("umount /mnt", .confirm(.disksMount)),
            ("blkdiscard /dev/sda", .block(.disksFormatDevice)),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testOtherProgramsWritingRawDisks() {
        assertVerdicts([
            ("cp /dev/zero /dev/sda", .block(.disksRawDeviceWrite)), ("tee /dev/sda < /dev/zero", .block(.disksRawDeviceWrite)),
            ("shred /dev/sda", .block(.disksRawDeviceWrite)),
        ])
    }
}
