namespace BackCare.Clinical.Medications;

/// <summary>A set of up to 256 drugs as a bit mask; bit order is the drugs' id order, so listing bits lists ids sorted.</summary>
internal readonly record struct DrugSet(UInt128 Low, UInt128 High)
{
    public const int Capacity = 256;

    public static DrugSet Empty => default;

    public bool IsEmpty => Low == 0 && High == 0;

    public int Count => (int)(UInt128.PopCount(Low) + UInt128.PopCount(High));

    public static DrugSet Of(int bit) =>
        bit < 128 ? new DrugSet(UInt128.One << bit, 0) : new DrugSet(0, UInt128.One << (bit - 128));

    public DrugSet With(int bit) => this | Of(bit);

    public bool Contains(int bit) => bit < 128 ? ((Low >> bit) & 1) != 0 : ((High >> (bit - 128)) & 1) != 0;

    public static DrugSet operator &(DrugSet a, DrugSet b) => new(a.Low & b.Low, a.High & b.High);

    public static DrugSet operator |(DrugSet a, DrugSet b) => new(a.Low | b.Low, a.High | b.High);

    public static DrugSet operator ~(DrugSet a) => new(~a.Low, ~a.High);

    /// <summary>The set bits, lowest first.</summary>
    public IEnumerable<int> Bits()
    {
        var low = Low;
        while (low != 0)
        {
            yield return (int)UInt128.TrailingZeroCount(low);
            low &= low - 1;
        }

        var high = High;
        while (high != 0)
        {
            yield return 128 + (int)UInt128.TrailingZeroCount(high);
            high &= high - 1;
        }
    }

    /// <summary>Removes and returns the lowest set bit, or -1 when empty (allocation-free iteration).</summary>
    public static int TakeLowest(ref DrugSet set)
    {
        if (set.Low != 0)
        {
            var bit = (int)UInt128.TrailingZeroCount(set.Low);
            set = set with { Low = set.Low & (set.Low - 1) };
            return bit;
        }

        if (set.High != 0)
        {
            var bit = (int)UInt128.TrailingZeroCount(set.High);
            set = set with { High = set.High & (set.High - 1) };
            return 128 + bit;
        }

        return -1;
    }

    public int First()
    {
        if (Low != 0) return (int)UInt128.TrailingZeroCount(Low);
        return High != 0 ? 128 + (int)UInt128.TrailingZeroCount(High) : -1;
    }
}
