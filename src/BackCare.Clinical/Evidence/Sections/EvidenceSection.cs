using System.Collections.Immutable;
using BackCare.Clinical.Evidence.Compiled;
using BackCare.Clinical.Evidence.Loading;
using YamlDotNet.RepresentationModel;

namespace BackCare.Clinical.Evidence.Sections;

/// <summary>
/// One kind of content in the evidence base, described once: the top-level YAML key it is written under, how an
/// entry is parsed, how it takes part in the base-wide checks (unique ids, references), how it is carried in the
/// compiled form, and what the base shows of it. <see cref="EvidenceSections.All"/> lists every kind.
/// </summary>
internal abstract class EvidenceSection(string key)
{
    /// <summary>The top-level key in a data file (<c>drugs:</c>, <c>planSettings:</c>).</summary>
    public string Key { get; } = key;

    /// <summary>Position in <see cref="EvidenceSections.All"/>; a slot number in loaded content.</summary>
    public int Index { get; set; } = -1;

    /// <summary>A list of entries (most kinds) or one mapping (settings).</summary>
    public abstract bool IsList { get; }

    /// <summary>Other entries refer to this kind's entries by key (source ids, finding codes, ...).</summary>
    public ReferenceKind? ReferencedAs { get; init; }

    /// <summary>How an unknown reference to this kind is named in a problem ("triage finding").</summary>
    public string ReferenceName { get; init; } = "";

    /// <summary>An empty collector for what the files give this kind.</summary>
    public abstract object NewEntries();

    /// <summary>Parses one entry (a list item, or the whole mapping of a settings kind) into the collector.</summary>
    public abstract void Parse(SectionParsers parsers, YamlMappingNode node, EvidenceLoader.Location location, object entries);

    /// <summary>What was collected, as the value the base keeps (before <see cref="Shown"/>).</summary>
    public abstract object Collected(object entries);

    /// <summary>Ids this kind adds to the base-wide id space (unique across kinds; <c>evidence show ID</c>).</summary>
    public virtual IEnumerable<(string Id, EvidenceLoader.Location Location)> Ids(object entries) => [];

    /// <summary>Checks codes that must be unique within this kind.</summary>
    public virtual void CheckCodes(object entries, List<EvidenceProblem> problems)
    {
    }

    /// <summary>The keys references of <see cref="ReferencedAs"/> resolve against.</summary>
    public virtual IEnumerable<string> Keys(object entries) => [];

    /// <summary>Writes the kept value into the compiled form.</summary>
    public abstract void Write(EvidenceCodec codec, object value);

    /// <summary>Reads the kept value back from the compiled form.</summary>
    public abstract object Read(EvidenceCodec codec);

    /// <summary>What the base shows: the kept value, filled in from other kinds where a kind says so.</summary>
    public abstract object Shown(EvidenceBase evidence, object value);

    /// <summary>Records this kind adds to <see cref="EvidenceBase.Find"/> (those with an id).</summary>
    public virtual IEnumerable<KeyValuePair<string, object>> Records(EvidenceBase evidence) => [];
}

/// <summary>The parsers for one evidence file.</summary>
internal sealed record SectionParsers(
    YamlReader Reader, EntityParsers Entities, AssessmentParsers Assessment, MedicationParsers Medication, CarePlanParsers Plans, ClaimParsers Claims);

/// <summary>A kind written as a list of entries; the base keeps them in file order.</summary>
internal sealed class ListSection<T>(string key, Func<SectionParsers, YamlMappingNode, T?> parse, Codec<T> recordCodec) : EvidenceSection(key)
    where T : class
{
    public override bool IsList => true;

    /// <summary>The entry's id, if it joins the base-wide id space.</summary>
    public Func<T, string>? Id { get; init; }

    /// <summary>The entry's code, if codes must be unique within this kind; <see cref="Twice"/> says what is wrong.</summary>
    public Func<T, string>? Code { get; init; }

    /// <summary>The problem for a repeated code, with {0} for the code.</summary>
    public string Twice { get; init; } = "";

    /// <summary>Fills in what the base shows from the rest of the base (for example safety wording).</summary>
    public Func<EvidenceBase, ImmutableArray<T>, ImmutableArray<T>>? Show { get; init; }

    public override object NewEntries() => new List<(T Value, EvidenceLoader.Location Location)>();

    public static List<(T Value, EvidenceLoader.Location Location)> Of(object entries) => (List<(T, EvidenceLoader.Location)>)entries;

    public override void Parse(SectionParsers parsers, YamlMappingNode node, EvidenceLoader.Location location, object entries)
    {
        if (parse(parsers, node) is { } value) Of(entries).Add((value, location));
    }

    public override object Collected(object entries) => Of(entries).Select(e => e.Value).ToImmutableArray();

    public override IEnumerable<(string Id, EvidenceLoader.Location Location)> Ids(object entries) =>
        Id is null ? [] : Of(entries).Select(e => (Id(e.Value), e.Location));

    public override void CheckCodes(object entries, List<EvidenceProblem> problems)
    {
        if (Code is null) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (value, location) in Of(entries))
        {
            var code = Code(value);
            if (!seen.Add(code)) problems.Add(location.With(string.Format(System.Globalization.CultureInfo.InvariantCulture, Twice, code)));
        }
    }

    public override IEnumerable<string> Keys(object entries) =>
        Of(entries).Select(e => (Code ?? Id ?? throw new InvalidOperationException($"'{Key}' is referenced but has no key"))(e.Value));

    public override void Write(EvidenceCodec codec, object value) => codec.Array((ImmutableArray<T>)value, recordCodec);

    public override object Read(EvidenceCodec codec) => codec.Array(null, recordCodec);

    public override object Shown(EvidenceBase evidence, object value) =>
        Show is null ? value : Show(evidence, (ImmutableArray<T>)value);

    public override IEnumerable<KeyValuePair<string, object>> Records(EvidenceBase evidence) =>
        Id is null ? [] : evidence.Get(this).Select(x => KeyValuePair.Create(Id(x), (object)x));
}

/// <summary>A kind written as one mapping (thresholds, message wording); the last file that gives it wins.</summary>
internal sealed class SettingsSection<T>(string key, Func<SectionParsers, YamlMappingNode, T> parse, Codec<T> recordCodec, T? empty) : EvidenceSection(key)
    where T : class
{
    /// <summary>Stands for "no file gives this kind" in loaded content.</summary>
    private static readonly object None = new();

    public override bool IsList => false;

    public override object NewEntries() => new Slot(empty);

    public override void Parse(SectionParsers parsers, YamlMappingNode node, EvidenceLoader.Location location, object entries) =>
        ((Slot)entries).Value = parse(parsers, node);

    public override object Collected(object entries) => ((Slot)entries).Value ?? None;

    public override void Write(EvidenceCodec codec, object value) => codec.Optional(Value(value), recordCodec);

    public override object Read(EvidenceCodec codec) => codec.Optional(null, recordCodec) ?? None;

    public override object Shown(EvidenceBase evidence, object value) => value;

    /// <summary>The setting, or null when no file gives it.</summary>
    public static T? Value(object value) => value == None ? null : (T)value;

    private sealed class Slot(T? value)
    {
        public T? Value { get; set; } = value;
    }
}
