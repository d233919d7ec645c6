using System.Text;
using BackCare.Clinical.Evidence.Sections;

namespace BackCare.Clinical.Evidence.Compiled;

/// <summary>
/// The validated evidence base in the form the build embeds (docs/adr/0010): a table of sections, then each section's
/// records written by <see cref="RecordCodecs"/>. Reading it needs no YAML parser and no validation (the build ran
/// both), and a section is decoded only when first used.
/// </summary>
internal static class CompiledEvidence
{
    private const string Magic = "backcare-evidence";

    /// <summary>Bumped whenever the layout of the table or of a codec changes.</summary>
    private const int Format = 1;

    /// <summary>Every kind the loader kept, in <see cref="EvidenceSections.All"/> order.</summary>
    public static byte[] Write(EvidenceBase evidence)
    {
        var payloads = EvidenceSections.All.Select(section => (section.Key, Bytes: Payload(section, evidence.Kept(section)))).ToList();
        using var output = new MemoryStream();
        using (var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Format);
            writer.Write(payloads.Count);
            foreach (var (key, bytes) in payloads)
            {
                writer.Write(key);
                writer.Write(bytes.Length);
            }

            foreach (var (_, bytes) in payloads) writer.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>A base that decodes each kind from <paramref name="bytes"/> on first use.</summary>
    public static EvidenceBase Read(byte[] bytes)
    {
        var table = Table(bytes);
        return new EvidenceBase(EvidenceContent.OnDemand(section =>
        {
            if (!table.TryGetValue(section.Key, out var at))
            {
                throw new InvalidDataException($"the compiled evidence has no '{section.Key}' section: rebuild BackCare.Clinical");
            }

            using var stream = new MemoryStream(bytes, at.Offset, at.Length, writable: false);
            var value = section.Read(EvidenceCodec.Reading(stream));
            if (stream.Position != at.Length)
            {
                throw new InvalidDataException($"the compiled '{section.Key}' section was not read to its end: rebuild BackCare.Clinical");
            }

            return value;
        }));
    }

    private static byte[] Payload(EvidenceSection section, object value)
    {
        using var stream = new MemoryStream();
        var codec = EvidenceCodec.Writing(stream);
        section.Write(codec, value);
        codec.Flush();
        return stream.ToArray();
    }

    private static Dictionary<string, (int Offset, int Length)> Table(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (reader.ReadString() != Magic || reader.ReadInt32() != Format)
        {
            throw new InvalidDataException("the compiled evidence is not in this program's format: rebuild BackCare.Clinical");
        }

        var count = reader.ReadInt32();
        var entries = new List<(string Key, int Length)>(count);
        for (var i = 0; i < count; i++) entries.Add((reader.ReadString(), reader.ReadInt32()));
        var table = new Dictionary<string, (int Offset, int Length)>(count, StringComparer.Ordinal);
        var offset = (int)stream.Position;
        foreach (var (key, length) in entries)
        {
            table[key] = (offset, length);
            offset += length;
        }

        return table;
    }
}
