import { describe, expect, it } from 'vitest';
import { deviceLabel, deviceParts } from '../../src/lib/server/auth/device';

const UA = {
	chromeAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
	safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
	chromeIphone:
		'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
	edgeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
	firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
	safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
	samsung: 'Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
	headlessChromium: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36'
};

describe('device label of a session', () => {
	it('names the browser family and the system, nothing more', () => {
		expect(deviceLabel(UA.chromeAndroid)).toBe('Chrome|Android');
		expect(deviceLabel(UA.safariIphone)).toBe('Safari|iOS');
		expect(deviceLabel(UA.chromeIphone)).toBe('Chrome|iOS');
		expect(deviceLabel(UA.edgeWindows)).toBe('Edge|Windows');
		expect(deviceLabel(UA.firefoxLinux)).toBe('Firefox|Linux');
		expect(deviceLabel(UA.safariMac)).toBe('Safari|macOS');
		expect(deviceLabel(UA.samsung)).toBe('Samsung Internet|Android');
	});

	it('keeps no version or model: the label is one of a few hundred strings at most', () => {
		for (const ua of Object.values(UA)) expect(deviceLabel(ua)).not.toMatch(/\d|Pixel|SM-/);
	});

	it('says what it knows of an unusual agent, and nothing of none', () => {
		expect(deviceLabel(UA.headlessChromium)).toBe('Chrome|Linux');
		expect(deviceLabel('curl/8.5.0')).toBeNull();
		expect(deviceLabel(null)).toBeNull();
		expect(deviceParts('|Linux')).toEqual({ browser: '', os: 'Linux' });
		expect(deviceParts(null)).toBeNull();
	});
});
