/**
 * The departments and the nine safety domains of the seed plan, 三(三)2.
 *
 * Ids are fixed slugs, so every device seeds the same records. Frozen: workspaces are seeded from this
 * content (see seed.ts and duty.ts); change it only through a migration, never in place.
 */
export interface SeedDepartment {
	id: string;
	name: string;
}

export interface SeedDomain {
	id: string;
	title: string;
	/** What the domain covers, from the plan's 主要包括. */
	scope: string;
	/** Owner departments, lead department first, as the plan lists them. */
	owners: string[];
}

export const SEED_DEPARTMENTS: readonly SeedDepartment[] = [
	{ id: 'office', name: '办公室' },
	{ id: 'general-affairs', name: '总务处' },
	{ id: 'security', name: '安保处' },
	{ id: 'academic-affairs', name: '教务处' },
	{ id: 'moral-education', name: '德育处' },
	{ id: 'education-technology', name: '教技室' },
	{ id: 'personnel', name: '人事科' }
];

export const SEED_DOMAINS: readonly SeedDomain[] = [
	{
		id: 'internal-management',
		title: '学校内部安全管理',
		scope: '水、电、气、消防及办公设施设备和保安人员的管理、总务后勤人员安全管理等',
		owners: ['general-affairs', 'security']
	},
	{
		id: 'school-buildings',
		title: '校舍设施安全管理',
		scope:
			'学校环境评价和风险评估、校舍改造维修、器材配置和设施检修；校园水、电、气、油安全使用；配电间及用电线路安全维护；校园绿化、水池安全管理；台风、雷暴雨期间校舍防汛、防雷',
		owners: ['education-technology', 'general-affairs', 'security']
	},
	{
		id: 'safe-campus',
		title: '平安学校及校园周边综治',
		scope:
			'校园警务室建设；门卫值守；保安人员配备及管理；视频监控、周界报警、紧急报警按钮、防暴器械、消防设施与器材等技防物防；校园周边交通秩序、无证摊贩整治；反恐防控；涉教涉校重点人员防范',
		owners: ['security']
	},
	{
		id: 'teaching-activities',
		title: '教学活动安全管理',
		scope:
			'考试测试、社会实践、修学研学、大型集会、各类竞赛、实验实训、夏（冬）令营等活动的安全预案及管理；实验室及药品器材管理；专用教室、体育场馆及器械使用安全；预防校园踩踏；特异体质和心理行为异常学生排摸、建档及应对',
		owners: ['academic-affairs', 'moral-education']
	},
	{
		id: 'food-hygiene',
		title: '食品与卫生安全管理',
		scope:
			'总务处：食堂日常卫生、常见病传染病及防疫、健康教育指导、食堂建设与设施设备、采购管理；安保处：食堂原材料配送日常管理，参与食品卫生突发事件处置',
		owners: ['general-affairs', 'security']
	},
	{
		id: 'life-safety-education',
		title: '生命安全法制宣传教育',
		scope:
			'安保处：防溺水、防踩踏、交通、消防等安全教育，组织应急疏散演练；德育处：生命教育、心理教育、禁毒和反邪教教育、法制教育和普法宣传、心理疏导和干预',
		owners: ['security', 'moral-education']
	},
	{
		id: 'enrolment-disputes',
		title: '招生入学矛盾纠纷化解',
		scope: '新生入学、学区调整、新市民子女积分入学等引发的集访、群访等不安定事端',
		owners: ['office']
	},
	{
		id: 'personnel-disputes',
		title: '人事师资矛盾化解',
		scope: '教师招聘、轮岗交流、职称评定、工资奖惩、编制待遇等引发的集访、群访等不安定事端',
		owners: ['personnel']
	},
	{
		id: 'public-opinion',
		title: '网络媒体社情民意等舆情安全',
		scope: '网络论坛、微信公众号等新媒体涉教涉校舆情的监测与回应，突发事件的网络舆情应对；其他相关科室协助',
		owners: ['office']
	}
];
