/// Raw disks, file systems and mounts.
enum DiskRules {
    static let formatters: NameSet = [
        "mkfs", "mkfs.ext2", "mkfs.ext3", "mkfs.ext4", "mkfs.xfs", "mkfs.btrfs", "mkfs.vfat", "mkfs.fat",
        "mkfs.ntfs", "mkfs.exfat", "mke2fs", "mkswap", "mkntfs", "mkdosfs", "mkfs.f2fs",
    ]
    static let partitioners: NameSet = ["fdisk", "sfdisk", "cfdisk", "parted", "gdisk", "sgdisk", "cgdisk"]

    /// Each partitioner's listing options. parted runs its operands as commands in turn, so
    /// `parted -s /dev/sda print rm 1` prints and then deletes: every command must be a listing one.
    static func onlyLists(_ invocation: Invocation) -> Bool {
        let texts = invocation.words.map(\.text)
        switch invocation.program {
        case "parted":
            if texts.contains(where: { $0 == "-l" || $0 == "--list" }) { return true }
            let listing: NameSet = [
                "print", "p", "unit", "free", "list", "all", "devices", "align-check", "opt", "min", "help", "version", "s", "B",
                "kB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB", "%", "cyl", "chs", "compact",
            ]
            let commands = invocation.operands.map(\.text).filter { !$0.hasPrefix("/dev/") && !$0.allSatisfy(\.isNumber) }
            return !commands.isEmpty && commands.allSatisfy(listing.contains)
        case "fdisk":
            return invocation.hasFlag("l", long: ["--list", "--list-details"], abbreviated: false) || invocation.hasFlag("x")
        case "sfdisk":
            return invocation.hasFlag(
                "l",
                long: [
                    "--list", "--list-free", "--show-size", "--dump", "--json", "--verify", "--show-geometry", "--list-types",
                ],
                abbreviated: false)
                || invocation.hasFlag("d") || invocation.hasFlag("J") || invocation.hasFlag("s") || invocation.hasFlag("F")
                || invocation.hasFlag("V")
        case "gdisk":
            return texts.first == "-l"
        case "sgdisk":
            // Only print/verify options; sgdisk's `-l` loads a backup onto the disk.
            let reading: NameSet = [
                "-p", "--print", "-v", "--verify", "-O", "--print-mbr", "-L", "--list-types", "-i", "--info",
            ]
            return texts.contains(where: reading.contains)
                && texts.allSatisfy {
                    reading.contains($0) || !$0.hasPrefix("-") || $0.hasPrefix("--info=") || $0.hasPrefix("-i")
                }
        default:
            return false
        }
    }

    static let rules: [Rule] = [
        Rule(.disksDd, programs: ["dd"]) { invocation in
            invocation.onlyAsksForHelp ? nil : "dd copies raw blocks and can overwrite anything it is pointed at"
        },
        Rule(.disksRawDeviceWrite) { invocation in
            let target = invocation.written.first { $0.isDiskDevice }
            return target.map { "\(invocation.program) writes onto the raw disk device \($0.original)" }
        },
        Rule(.disksSecureErase, programs: ["hdparm", "nvme", "sg_format", "blkdiscard"]) { invocation in
            let erase = invocation.words.first {
                ["--security-erase", "--security-erase-enhanced", "--trim-sector-ranges", "format", "sanitize", "--format"]
                    .contains($0.text)
            }
            return erase.map { "\(invocation.program) \($0.text) erases a disk" }
        },
        Rule(.disksFormat, programs: formatters) { invocation in
            invocation.onlyAsksForHelp ? nil : "\(invocation.program) creates a new file system, erasing what was there"
        },
        Rule(.disksFormatDevice, programs: formatters.union(["wipefs", "blkdiscard"])) { invocation in
            if invocation.program == "wipefs", invocation.hasFlag("n", long: ["--no-act"]) { return nil }
            let device = invocation.paths(invocation.operands).first { $0.isDiskDevice }
            return device.map { "\(invocation.program) \($0.original) destroys the data on a disk device" }
        },
        Rule(.disksWipe, programs: ["wipefs", "blkdiscard"]) { invocation in
            invocation.onlyAsksForHelp ? nil : "\(invocation.program) erases file-system signatures or blocks"
        },
        Rule(.disksPartitionDevice, programs: partitioners) { invocation in
            if onlyLists(invocation) { return nil }
            let device = invocation.paths(invocation.operands).first { $0.isDiskDevice }
            return device.map { "\(invocation.program) \($0.original) rewrites the partition table of a disk" }
        },
        Rule(.disksPartition, programs: partitioners) { invocation in
            if onlyLists(invocation) { return nil }
            return invocation.onlyAsksForHelp ? nil : "\(invocation.program) edits partition tables"
        },
        Rule(.disksMount, programs: ["mount", "umount", "swapon", "swapoff", "losetup"]) { invocation in
            if invocation.words.isEmpty || invocation.onlyAsksForHelp { return nil }
            if invocation.program == "mount",
                invocation.operands.isEmpty || invocation.words.first?.text == "-t" && invocation.words.count == 2
            {
                return nil
            }
            if invocation.program == "swapon", invocation.hasFlag("s", long: ["--show", "--summary"]) { return nil }
            if invocation.program == "losetup", invocation.hasFlag("a", long: ["--all", "--list"]) { return nil }
            return "\(invocation.program) \(invocation.arguments.joined(separator: " ")) changes what is mounted"
        },
        Rule(.disksVolumeDestroy, programs: ["cryptsetup"]) { invocation in
            let verbs: NameSet = ["luksFormat", "erase", "luksErase", "reencrypt"]
            return invocation.operands.first(where: { verbs.contains($0.text) }).map {
                "cryptsetup \($0.text) destroys encrypted volume data"
            }
        },
        Rule(
            .disksVolumeChange,
            programs: [
                "lvremove", "vgremove", "pvremove", "lvreduce", "lvresize", "pvcreate", "vgcreate", "lvcreate", "mdadm", "zpool",
                "zfs",
            ]
        ) { invocation in
            if ["zpool", "zfs"].contains(invocation.program), let verb = invocation.call?.verb,
                ["list", "status", "get", "iostat", "history"].contains(verb)
            {
                return nil
            }
            if invocation.program == "mdadm", invocation.hasFlag(nil, long: ["--detail", "--examine", "--query"]) { return nil }
            return invocation.onlyAsksForHelp ? nil : "\(invocation.program) changes storage volumes"
        },
    ]
}
