using System.Numerics;

namespace BackCare.Clinical.Common;

/// <summary>
/// A set of 0..255 as a bit mask: the medication index's drugs (bit order is id order, so listing bits lists ids
/// sorted) and triage's finding codes (definition order). Four 64-bit words rather than UInt128: ulong operations
/// compile ahead of time (ReadyToRun), UInt128's do not, and the CLI would compile them at every start (ADR 0010).
/// </summary>
internal readonly record struct BitSet256(ulong W0, ulong W1, ulong W2, ulong W3)
{
    public const int Capacity = 256;

    public static BitSet256 Empty => default;

    public bool IsEmpty => (W0 | W1 | W2 | W3) == 0;

    public int Count => BitOperations.PopCount(W0) + BitOperations.PopCount(W1) + BitOperations.PopCount(W2) + BitOperations.PopCount(W3);

    public static BitSet256 Of(int bit)
    {
        if ((uint)bit >= Capacity) throw new ArgumentOutOfRangeException(nameof(bit));
        var mask = 1UL << (bit & 63);
        return (bit >> 6) switch
        {
            0 => new BitSet256(mask, 0, 0, 0),
            1 => new BitSet256(0, mask, 0, 0),
            2 => new BitSet256(0, 0, mask, 0),
            _ => new BitSet256(0, 0, 0, mask),
        };
    }

    public BitSet256 With(int bit) => this | Of(bit);

    public bool Contains(int bit) => ((bit >> 6) switch { 0 => W0, 1 => W1, 2 => W2, _ => W3 } >> (bit & 63) & 1) != 0;

    public static BitSet256 operator &(BitSet256 a, BitSet256 b) => new(a.W0 & b.W0, a.W1 & b.W1, a.W2 & b.W2, a.W3 & b.W3);

    public static BitSet256 operator |(BitSet256 a, BitSet256 b) => new(a.W0 | b.W0, a.W1 | b.W1, a.W2 | b.W2, a.W3 | b.W3);

    public static BitSet256 operator ~(BitSet256 a) => new(~a.W0, ~a.W1, ~a.W2, ~a.W3);

    /// <summary>The set bits, lowest first.</summary>
    public IEnumerable<int> Bits()
    {
        var rest = this;
        int bit;
        while ((bit = TakeLowest(ref rest)) >= 0) yield return bit;
    }

    /// <summary>Removes and returns the lowest set bit, or -1 when empty (allocation-free iteration).</summary>
    public static int TakeLowest(ref BitSet256 set)
    {
        if (set.W0 != 0)
        {
            var bit = BitOperations.TrailingZeroCount(set.W0);
            set = set with { W0 = set.W0 & (set.W0 - 1) };
            return bit;
        }

        if (set.W1 != 0)
        {
            var bit = BitOperations.TrailingZeroCount(set.W1);
            set = set with { W1 = set.W1 & (set.W1 - 1) };
            return 64 + bit;
        }

        if (set.W2 != 0)
        {
            var bit = BitOperations.TrailingZeroCount(set.W2);
            set = set with { W2 = set.W2 & (set.W2 - 1) };
            return 128 + bit;
        }

        if (set.W3 != 0)
        {
            var bit = BitOperations.TrailingZeroCount(set.W3);
            set = set with { W3 = set.W3 & (set.W3 - 1) };
            return 192 + bit;
        }

        return -1;
    }

    public int First()
    {
        var copy = this;
        return TakeLowest(ref copy);
    }
}
