namespace BackCare.Clinical.Evidence.Sections;

/// <summary>
/// The value of each kind of content, by <see cref="EvidenceSection.Index"/>: either all loaded (from YAML) or read
/// one kind at a time on first use (from the compiled form), so a command that scores a questionnaire never reads
/// the drug monographs. Kept values are what the loader produced; shown values are what <see cref="EvidenceBase"/>
/// exposes. Both are immutable, so a race only computes the same value twice.
/// </summary>
internal sealed class EvidenceContent
{
    private readonly object?[] _kept;
    private readonly object?[] _shown = new object?[EvidenceSections.All.Length];
    private readonly Func<EvidenceSection, object>? _read;

    private EvidenceContent(object?[] kept, Func<EvidenceSection, object>? read)
    {
        _kept = kept;
        _read = read;
    }

    /// <summary>Content whose every kind is already loaded, in <see cref="EvidenceSections.All"/> order.</summary>
    public static EvidenceContent Loaded(object[] kept) =>
        kept.Length == EvidenceSections.All.Length ? new(kept, null) : throw new ArgumentException("one value per section", nameof(kept));

    /// <summary>Content read one kind at a time, on first use.</summary>
    public static EvidenceContent OnDemand(Func<EvidenceSection, object> read) => new(new object?[EvidenceSections.All.Length], read);

    /// <summary>Whether a kind has been read (for tests of reading on demand).</summary>
    public bool IsRead(EvidenceSection section) => Volatile.Read(ref _kept[section.Index]) is not null;

    public object Kept(EvidenceSection section) =>
        Volatile.Read(ref _kept[section.Index]) ?? Keep(_kept, section.Index,
            (_read ?? throw new InvalidOperationException($"section '{section.Key}' was not loaded"))(section));

    public object Shown(EvidenceSection section, EvidenceBase evidence) =>
        Volatile.Read(ref _shown[section.Index]) ?? Keep(_shown, section.Index, section.Shown(evidence, Kept(section)));

    /// <summary>Stores the first value computed for a slot and returns whichever won.</summary>
    private static object Keep(object?[] slots, int index, object value) =>
        Interlocked.CompareExchange(ref slots[index], value, null) ?? value;
}
