/** The home ("what needs me now") and the top bar's unread count and menu. */
import type { Locator, Page } from 'playwright-core';
import type { HomeItemKey } from '../../../src/lib/server/home/service';

export class WhatNeedsMe {
	constructor(private page: Page) {}

	/** One item of the home (its card); the first organisation's when the person has several. */
	item(key: HomeItemKey): Locator {
		return this.page.locator(`#main li[data-item="${key}"]`).first();
	}

	/** The number an item shows. */
	async count(key: HomeItemKey): Promise<number> {
		return Number((await this.item(key).locator('.n').innerText()).trim());
	}

	/** Follows an item's main link (to its filtered list). */
	async open(key: HomeItemKey): Promise<void> {
		await this.item(key).locator('a').first().click();
	}
}

export class TopBar {
	constructor(private page: Page) {}

	/** The unread count shown in the bar on a phone (without opening the menu). */
	unread(): Locator {
		return this.page.locator('header.top a.unread-link');
	}

	menuToggle(): Locator {
		return this.page.locator('header.top button.menu-toggle');
	}

	nav(): Locator {
		return this.page.locator('nav#main-nav');
	}
}
