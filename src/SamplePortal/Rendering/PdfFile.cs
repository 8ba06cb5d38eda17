using System.Globalization;
using System.Text;

namespace Monitor.SamplePortal.Rendering;

/// <summary>A tiny, valid-looking, deterministic PDF for attachments (ASCII only, one empty page).</summary>
internal static class PdfFile
{
    public static byte[] Create(long docId, int number)
    {
        var text =
            string.Create(CultureInfo.InvariantCulture, $"%PDF-1.4\n% sample attachment {docId}_{number}\n") +
            "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" +
            "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" +
            "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n" +
            "trailer\n<< /Root 1 0 R /Size 4 >>\n%%EOF\n";
        return Encoding.ASCII.GetBytes(text);
    }
}
