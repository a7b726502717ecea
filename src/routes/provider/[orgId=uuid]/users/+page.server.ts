export { load, actions } from '$lib/server/users/page';
