package dev.orderlens.model;

/**
 * Error values of failed completions, kept as the kernel's negative errno
 * (include/uapi/asm-generic/ errno-base.h, errno.h): -5 EIO, -28 ENOSPC. 0 means none.
 */
public final class Errno {
    private Errno() {}

    /**
     * The errno of a blktrace completion's error field. The kernel stores the negative errno in a
     * 16-bit field and blkparse prints it unsigned: {@code [65531]} is -5 (EIO), {@code [65508]} is
     * -28 (ENOSPC). A negative value is taken as it is, a small positive one as its negation.
     */
    public static int ofBlktrace(long value) {
        if (value == 0 || value < -65535 || value > 65535) {
            return 0;
        }
        if (value > 32767) {
            return (int) (value - 65536);
        }
        return (int) (value > 0 ? -value : value);
    }

    /** The errno's symbolic name ("ENOSPC"), or null when it is not one block I/O reports. */
    public static String name(int errno) {
        return switch (-errno) {
            case 1 -> "EPERM";
            case 5 -> "EIO";
            case 6 -> "ENXIO";
            case 11 -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 16 -> "EBUSY";
            case 19 -> "ENODEV";
            case 22 -> "EINVAL";
            case 28 -> "ENOSPC";
            case 30 -> "EROFS";
            case 61 -> "ENODATA";
            case 62 -> "ETIME";
            case 71 -> "EPROTO";
            case 84 -> "EILSEQ";
            case 95 -> "EOPNOTSUPP";
            case 110 -> "ETIMEDOUT";
            case 122 -> "EDQUOT";
            default -> null;
        };
    }

    /** A request's status as shown to a user: "ok", "error -28 ENOSPC", "error", "unknown". */
    public static String statusText(Status status, int errno) {
        return status == Status.ERROR && errno != 0 ? "error " + text(errno) : status.jsonName();
    }

    /** "-28 ENOSPC", or "-200" for a value without a name; "" for 0. */
    public static String text(int errno) {
        if (errno == 0) {
            return "";
        }
        String n = name(errno);
        return n == null ? Integer.toString(errno) : errno + " " + n;
    }
}
