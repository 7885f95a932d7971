package io.memguard.data.export;

import java.util.Locale;

import io.memguard.data.page.InvalidPageRequestException;

/**
 * Output formats of a {@link StreamingExporter}.
 */
public enum ExportFormat {

	/** One JSON object per line ({@code application/x-ndjson}). */
	NDJSON("application/x-ndjson", "ndjson"),

	/** One JSON array of objects ({@code application/json}). */
	JSON("application/json", "json"),

	/** RFC 4180 CSV with a header row ({@code text/csv}). */
	CSV("text/csv", "csv");

	private final String contentType;

	private final String extension;

	ExportFormat(String contentType, String extension) {
		this.contentType = contentType;
		this.extension = extension;
	}

	/**
	 * The media type of the response, without charset.
	 * @return the content type
	 */
	public String contentType() {
		return this.contentType;
	}

	/**
	 * The file extension of a download.
	 * @return the extension, without dot
	 */
	public String extension() {
		return this.extension;
	}

	/**
	 * The format named by a request parameter, case-insensitive.
	 * @param name {@code ndjson}, {@code json} or {@code csv}
	 * @return the format
	 * @throws InvalidPageRequestException (answered with 400) for any other name
	 */
	public static ExportFormat fromParameter(String name) {
		for (ExportFormat format : values()) {
			if (format.extension.equals((name != null) ? name.toLowerCase(Locale.ROOT) : "")) {
				return format;
			}
		}
		throw new InvalidPageRequestException("format", "format must be one of ndjson, json, csv");
	}

}
