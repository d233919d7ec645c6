using System.Buffers;
using System.Text.Json;

namespace BackCare.CdsHooks.Protocol;

/// <summary>
/// A request body parsed into a copy of its bytes rented from the shared pool (a CDS call's body is about 11 KB, so a
/// fresh array per call is a steady stream of garbage): the document reads from that copy, and both go back when the
/// request is done. Nothing read from <see cref="RootElement"/> may be kept after <see cref="Dispose"/>; strings taken
/// from it are copies and may. The copy is cleared before it goes back: it holds patient data and the EHR's access
/// token, and the pool is shared by the whole process.
/// </summary>
public sealed class PooledJsonDocument : IDisposable
{
    private readonly JsonDocument _document;
    private readonly int _length;
    private byte[]? _rented;

    private PooledJsonDocument(JsonDocument document, byte[] rented, int length)
    {
        _document = document;
        _rented = rented;
        _length = length;
    }

    public JsonElement RootElement => _document.RootElement;

    /// <summary>One JSON value and nothing after it, as <paramref name="options"/> allow; throws <see cref="JsonException"/> otherwise.</summary>
    public static PooledJsonDocument Parse(ReadOnlySequence<byte> body, JsonDocumentOptions options)
    {
        var length = checked((int)body.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(rented);
            return new PooledJsonDocument(JsonDocument.Parse(rented.AsMemory(0, length), options), rented, length);
        }
        catch
        {
            GiveBack(rented, length);
            throw;
        }
    }

    public void Dispose()
    {
        _document.Dispose();
        if (Interlocked.Exchange(ref _rented, null) is { } rented) GiveBack(rented, _length);
    }

    private static void GiveBack(byte[] rented, int length)
    {
        rented.AsSpan(0, length).Clear();
        ArrayPool<byte>.Shared.Return(rented);
    }
}
