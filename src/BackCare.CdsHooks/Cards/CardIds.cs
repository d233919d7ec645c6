using System.Collections.Frozen;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace BackCare.CdsHooks.Cards;

/// <summary>
/// Card uuids that name their rule without a database write per card: the first 32 bits are a hash
/// (FNV-1a) of the rule id, the rest random (RFC 9562 version 8 layout). Feedback maps a card uuid back
/// to its rule through <see cref="RuleOf"/>; an unknown or foreign uuid maps to null.
/// </summary>
public sealed class CardIds
{
    /// <summary>
    /// Random bytes are taken from a per-thread block filled this many uuids at a time: one call to the system's generator
    /// per block rather than per uuid (on Linux each call reads the kernel's generator; a response has several cards and
    /// suggestions).
    /// </summary>
    private const int UuidsPerBlock = 32;

    private const int UuidBytes = 16;

    [ThreadStatic] private static byte[]? t_block;
    [ThreadStatic] private static int t_used;

    private readonly FrozenDictionary<uint, string> _rules;

    public CardIds(IEnumerable<string> ruleIds)
    {
        var rules = new Dictionary<uint, string>();
        foreach (var id in ruleIds)
        {
            var hash = Hash(id);
            if (rules.TryGetValue(hash, out var other) && other != id) throw new InvalidOperationException($"card id prefix collision: {id} and {other}");
            rules[hash] = id;
        }

        _rules = rules.ToFrozenDictionary();
    }

    public static string New(string rule)
    {
        Span<byte> bytes = stackalloc byte[UuidBytes];
        TakeRandomBytes(bytes);
        var hash = Hash(rule);
        bytes[0] = (byte)(hash >> 24);
        bytes[1] = (byte)(hash >> 16);
        bytes[2] = (byte)(hash >> 8);
        bytes[3] = (byte)hash;
        return Format(bytes, version: 8);
    }

    /// <summary>A random (version 4) uuid.</summary>
    public static string NewRandom()
    {
        Span<byte> bytes = stackalloc byte[UuidBytes];
        TakeRandomBytes(bytes);
        return Format(bytes, version: 4);
    }

    /// <summary>The bytes as an RFC 9562 uuid of this version ("D" format).</summary>
    private static string Format(Span<byte> bytes, int version)
    {
        bytes[6] = (byte)((bytes[6] & 0x0F) | (version << 4));
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    /// <summary>Fills a uuid's bytes from the system's cryptographic generator, through this thread's block; each byte is handed out once.</summary>
    private static void TakeRandomBytes(Span<byte> uuid)
    {
        Debug.Assert(uuid.Length == UuidBytes);
        var block = t_block;
        if (block is null)
        {
            block = t_block = new byte[UuidBytes * UuidsPerBlock];
            t_used = block.Length;
        }

        if (t_used == block.Length)
        {
            RandomNumberGenerator.Fill(block);
            t_used = 0;
        }

        var taken = block.AsSpan(t_used, UuidBytes);
        taken.CopyTo(uuid);
        taken.Clear();
        t_used += UuidBytes;
    }

    public string? RuleOf(string uuid)
    {
        if (!Guid.TryParseExact(uuid, "D", out var guid)) return null;
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        if ((bytes[6] & 0xF0) != 0x80) return null;
        var hash = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        return _rules.GetValueOrDefault(hash);
    }

    private static uint Hash(string text)
    {
        var hash = 2166136261u;
        Span<byte> utf8 = text.Length <= 128 ? stackalloc byte[128 * 3] : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        foreach (var b in utf8[..Encoding.UTF8.GetBytes(text, utf8)])
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return hash;
    }
}
