/// Raw disks, file systems and mounts.
enum DiskRules {
    static let formatters: Set<String> = [
        "mkfs", "mkfs.ext2", "mkfs.ext3", "mkfs.ext4", "mkfs.xfs", "mkfs.btrfs", "mkfs.vfat", "mkfs.fat",
        "mkfs.ntfs", "mkfs.exfat", "mke2fs", "mkswap", "mkntfs", "mkdosfs", "mkfs.f2fs",
    ]
    static let partitioners: Set<String> = ["fdisk", "sfdisk", "cfdisk", "parted", "gdisk", "sgdisk", "cgdisk"]

    static let rules: [Rule] = [
        Rule("disks.dd", .needsConfirmation, programs: ["dd"]) { invocation in
            invocation.onlyAsksForHelp ? nil : "dd copies raw blocks and can overwrite anything it is pointed at"
        },
        Rule("disks.raw-device-write", .block) { invocation in
            let target = invocation.written.first { $0.isDiskDevice }
            return target.map { "\(invocation.program) writes onto the raw disk device \($0.original)" }
        },
        Rule("disks.secure-erase", .block, programs: ["hdparm", "nvme", "sg_format", "blkdiscard"]) { invocation in
            let erase = invocation.words.first {
                ["--security-erase", "--security-erase-enhanced", "--trim-sector-ranges", "format", "sanitize", "--format"]
                    .contains($0.text)
            }
            return erase.map { "\(invocation.program) \($0.text) erases a disk" }
        },
        Rule("disks.format", .needsConfirmation, programs: formatters) { invocation in
            invocation.onlyAsksForHelp ? nil : "\(invocation.program) creates a new file system, erasing what was there"
        },
        Rule("disks.format-device", .block, programs: formatters.union(["wipefs", "blkdiscard"])) { invocation in
            if invocation.program == "wipefs", invocation.hasFlag("n", long: ["--no-act"]) { return nil }
            let device = invocation.paths(invocation.operands).first { $0.isDiskDevice }
            return device.map { "\(invocation.program) \($0.original) destroys the data on a disk device" }
        },
        Rule("disks.wipe", .needsConfirmation, programs: ["wipefs", "blkdiscard"]) { invocation in
            invocation.onlyAsksForHelp ? nil : "\(invocation.program) erases file-system signatures or blocks"
        },
        Rule("disks.partition-device", .block, programs: partitioners) { invocation in
            if invocation.hasFlag("l", long: ["--list", "--list-free", "--show-size", "--dump", "--json", "--verify"]) {
                return nil
            }
            if invocation.program == "parted", invocation.words.contains(where: { $0.text == "print" || $0.text == "-l" }) {
                return nil
            }
            let device = invocation.paths(invocation.operands).first { $0.isDiskDevice }
            return device.map { "\(invocation.program) \($0.original) rewrites the partition table of a disk" }
        },
        Rule("disks.partition", .needsConfirmation, programs: partitioners) { invocation in
            if invocation.hasFlag("l", long: ["--list", "--list-free", "--show-size", "--dump", "--json", "--verify"]) {
                return nil
            }
            if invocation.program == "parted", invocation.words.contains(where: { $0.text == "print" }) { return nil }
            return invocation.onlyAsksForHelp ? nil : "\(invocation.program) edits partition tables"
        },
        Rule("disks.mount", .needsConfirmation, programs: ["mount", "umount", "swapon", "swapoff", "losetup"]) { invocation in
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
        Rule("disks.volume-destroy", .block, programs: ["cryptsetup"]) { invocation in
            let verbs: Set<String> = ["luksFormat", "erase", "luksErase", "reencrypt"]
            return invocation.operands.first(where: { verbs.contains($0.text) }).map {
                "cryptsetup \($0.text) destroys encrypted volume data"
            }
        },
        Rule(
            "disks.volume-change", .needsConfirmation,
            programs: [
                "lvremove", "vgremove", "pvremove", "lvreduce", "lvresize", "pvcreate", "vgcreate", "lvcreate", "mdadm", "zpool",
                "zfs",
            ]
        ) { invocation in
            if ["zpool", "zfs"].contains(invocation.program), let verb = invocation.subcommand()?.name,
                ["list", "status", "get", "iostat", "history"].contains(verb)
            {
                return nil
            }
            if invocation.program == "mdadm", invocation.hasFlag(nil, long: ["--detail", "--examine", "--query"]) { return nil }
            return invocation.onlyAsksForHelp ? nil : "\(invocation.program) changes storage volumes"
        },
    ]
}
