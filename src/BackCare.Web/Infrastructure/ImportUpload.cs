using System.Text;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace BackCare.Web.Infrastructure;

/// <summary>The FHIR Bundle a person brings in on an import page: an uploaded file, else pasted text; bad input is a model error.</summary>
public static class ImportUpload
{
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>The Bundle's text, or null with the reason added to <paramref name="state"/> (nothing given, or larger than <see cref="MaxBytes"/>).</summary>
    public static async Task<string?> ReadAsync(IFormFile? upload, string? pasted, ModelStateDictionary state, IStringLocalizer text, CancellationToken ct)
    {
        if (upload is { Length: > 0 })
        {
            if (upload.Length > MaxBytes)
            {
                state.AddModelError("Upload", text["ImportTooLarge"]);
                return null;
            }

            using var reader = new StreamReader(upload.OpenReadStream(), Encoding.UTF8);
            return await reader.ReadToEndAsync(ct);
        }

        if (!string.IsNullOrWhiteSpace(pasted)) return pasted;
        state.AddModelError("Upload", text["ImportNothingGiven"]);
        return null;
    }
}
