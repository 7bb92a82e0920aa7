using MudBlazor;

namespace ApiStudio.Studio.Shell;

/// <summary>The studio's colours: dark enough text and primary for readable contrast (WCAG AA on white).</summary>
public static class StudioTheme
{
    /// <summary>The theme every page uses.</summary>
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2f4bb0",
            Secondary = "#6b3fa0",
            Success = "#1b7a3a",
            Error = "#b3261e",
            Warning = "#8a5a00",
            AppbarBackground = "#22325f",
            TextSecondary = "#4a4f5c",
        },
    };
}
