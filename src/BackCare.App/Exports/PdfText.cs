using System.Globalization;
using System.Resources;

namespace BackCare.App.Exports;

/// <summary>The wording of a PDF from its .resx (never clinical wording: that comes from data/); a missing key is a bug, so it throws.</summary>
internal sealed class PdfText(string baseName)
{
    private readonly ResourceManager _text = new(baseName, typeof(PdfText).Assembly);

    public string this[string key, params object?[] args]
    {
        get
        {
            var template = _text.GetString(key, CultureInfo.CurrentUICulture) ?? throw new InvalidOperationException($"{baseName} has no '{key}'");
            return args.Length == 0 ? template : string.Format(CultureInfo.CurrentCulture, template, args);
        }
    }
}
