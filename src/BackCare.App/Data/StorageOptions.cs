using System.ComponentModel.DataAnnotations;

namespace BackCare.App.Data;

/// <summary>Section "BackCare:Storage". SQLite in a local data folder unless told otherwise.</summary>
public sealed class StorageOptions
{
    public const string Section = "BackCare:Storage";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "BackCare:Storage:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// Folder for the SQLite database. Empty means the per-user default
    /// (<c>$XDG_DATA_HOME/backcare</c> or <c>~/.local/share/backcare</c>).
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Full connection string; required for PostgreSQL, optional for SQLite.</summary>
    public string? ConnectionString { get; set; }

    public string ResolveDataDirectory()
    {
        if (!string.IsNullOrWhiteSpace(DataDirectory))
        {
            return Path.GetFullPath(DataDirectory);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return Path.Combine(root, "backcare");
    }

    public string ResolveSqliteConnectionString() =>
        string.IsNullOrWhiteSpace(ConnectionString)
            ? $"Data Source={Path.Combine(ResolveDataDirectory(), "backcare.db")}"
            : ConnectionString;
}
