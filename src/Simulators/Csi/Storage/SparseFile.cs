using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Harness.Simulators.Csi.Storage;

/// <summary>
/// The data extents of a sparse file (<c>lseek</c> with <c>SEEK_DATA</c>/<c>SEEK_HOLE</c>), so that reading
/// back a published volume costs its written bytes, not its size: csi-sanity publishes 10 GiB volumes.
/// </summary>
public static class SparseFile
{
    private const int SeekData = 3;
    private const int SeekHole = 4;
    private const int NoSuchOffset = 6;

    /// <summary>The [start, end) ranges below <paramref name="length"/> that may hold data; holes read as zeros.</summary>
    public static IEnumerable<(long Start, long End)> DataRanges(SafeFileHandle handle, long length)
    {
        var offset = 0L;
        while (offset < length)
        {
            var start = Seek(handle, offset, SeekData);
            if (start < 0 || start >= length)
            {
                yield break;
            }

            var end = Math.Min(Seek(handle, start, SeekHole), length);
            yield return (start, end);
            offset = end;
        }
    }

    /// <returns>The offset found, or -1 when no data follows <paramref name="offset"/>.</returns>
    private static long Seek(SafeFileHandle handle, long offset, int whence)
    {
        var result = lseek(handle, offset, whence);
        if (result >= 0)
        {
            return result;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == NoSuchOffset
            ? -1
            : throw new IOException($"lseek({offset}, {(whence == SeekData ? "SEEK_DATA" : "SEEK_HOLE")}) failed: errno {errno}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern long lseek(SafeFileHandle fd, long offset, int whence);
}
