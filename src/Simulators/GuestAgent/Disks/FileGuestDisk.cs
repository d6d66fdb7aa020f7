using Microsoft.Win32.SafeHandles;

namespace Harness.Simulators.GuestAgent;

/// <summary>A file used as a block device (the live process's <c>--disk PATH</c>).</summary>
public sealed class FileGuestDisk : IGuestDisk, IDisposable
{
    private readonly SafeFileHandle handle;

    private FileGuestDisk(string path, SafeFileHandle handle, long size)
    {
        Path = path;
        this.handle = handle;
        Size = size;
    }

    public string Path { get; }

    public long Size { get; }

    /// <summary>Opens <paramref name="path"/>; a missing file is created with <paramref name="sizeIfMissing"/> bytes.</summary>
    public static FileGuestDisk Open(string path, long sizeIfMissing)
    {
        var exists = File.Exists(path);
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        if (!exists)
        {
            RandomAccess.SetLength(handle, sizeIfMissing);
        }

        var size = RandomAccess.GetLength(handle);
        if (size == 0)
        {
            handle.Dispose();
            throw new ArgumentException($"disk {path} is empty; a disk needs a size");
        }

        return new FileGuestDisk(path, handle, size);
    }

    public async ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data)
    {
        CheckRange(offset, data.Length);
        await RandomAccess.WriteAsync(handle, data, offset);
    }

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer)
    {
        CheckRange(offset, 0);
        var length = (int)Math.Min(buffer.Length, Size - offset);
        var total = 0;
        while (total < length)
        {
            var read = await RandomAccess.ReadAsync(handle, buffer[total..length], offset + total);
            if (read == 0)
            {
                buffer.Span[total..length].Clear();
                break;
            }

            total += read;
        }

        return length;
    }

    public void Dispose() => handle.Dispose();

    private void CheckRange(long offset, int length)
    {
        if (offset < 0 || offset + length > Size)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"access at {offset} (+{length}) is outside {Path}'s {Size} bytes");
        }
    }
}
