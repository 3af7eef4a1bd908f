using OpenQA.Selenium.Chrome;

namespace RecsysBatch.Host.Tests;

/// <summary>
/// Headless Chromium through chromedriver, both from Debian (scripts/chromium.sh installs them and names them in
/// RECSYS_TEST_CHROME / RECSYS_TEST_CHROMEDRIVER). Without them the browser tests fail, never skip.
/// </summary>
internal static class Browser
{
    public static ChromeDriver Start()
    {
        var chrome = Required("RECSYS_TEST_CHROME");
        var chromedriver = Required("RECSYS_TEST_CHROMEDRIVER");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(chromedriver)!, Path.GetFileName(chromedriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = chrome };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        return driver;
    }

    private static string Required(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value) || !File.Exists(value))
        {
            Assert.Fail($"{variable} is not set or names no file: the browser tests need Debian's chromium and chromedriver. " +
                "Run the tests with `bash scripts/test.sh` (or `source scripts/chromium.sh && recsys_chromium_install` first).");
        }

        return value!;
    }
}
